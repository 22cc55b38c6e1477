package pricefeed.core.ws.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import pricefeed.core.ws.frame.FrameListener;

/**
 * A {@link FrameListener} that copies every event into a queue and releases each buffer at once, as
 * a listener must. Tests take the events in order with the {@code assert*} methods and end with
 * {@link #assertExhausted()} (typically in {@code @AfterEach}).
 *
 * <p>Events read as {@code text Hello}, {@code binary 0102ff}, {@code ping 48656c6c6f},
 * {@code pong }, {@code close 1000 bye}.
 */
public final class RecordingFrameListener implements FrameListener {

    /** What a decoder reported. */
    public enum Kind { TEXT, BINARY, PING, PONG, CLOSE }

    /**
     * One recorded event.
     *
     * @param kind    which callback
     * @param payload the bytes handed over (empty for close)
     * @param code    the close code (0 for the others)
     * @param reason  the close reason ("" for the others)
     */
    public record Event(Kind kind, byte[] payload, int code, String reason) {

        /** @return the payload as UTF-8 */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Event e && kind == e.kind && Arrays.equals(payload, e.payload)
                    && code == e.code && reason.equals(e.reason);
        }

        @Override
        public int hashCode() {
            return 31 * kind.hashCode() + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case TEXT -> "text " + text();
                case BINARY -> "binary " + Hex.of(payload);
                case PING -> "ping " + Hex.of(payload);
                case PONG -> "pong " + Hex.of(payload);
                case CLOSE -> "close " + code + " " + reason;
            };
        }
    }

    private final Deque<Event> events = new ArrayDeque<>();

    @Override
    public void onText(ByteBuf utf8) {
        events.add(new Event(Kind.TEXT, take(utf8), 0, ""));
    }

    @Override
    public void onBinary(ByteBuf payload) {
        events.add(new Event(Kind.BINARY, take(payload), 0, ""));
    }

    @Override
    public void onPing(ByteBuf payload) {
        events.add(new Event(Kind.PING, take(payload), 0, ""));
    }

    @Override
    public void onPong(ByteBuf payload) {
        events.add(new Event(Kind.PONG, take(payload), 0, ""));
    }

    @Override
    public void onClose(int code, String reason) {
        events.add(new Event(Kind.CLOSE, new byte[0], code, reason));
    }

    /** @return the next event, removed; fails if there is none */
    public Event next() {
        assertTrue(!events.isEmpty(), "expected another event, got none");
        return events.poll();
    }

    /** @return every event not yet taken, removed, in order */
    public List<Event> takeAll() {
        List<Event> all = new ArrayList<>(events);
        events.clear();
        return all;
    }

    /** @return every event not yet taken as its readable string, removed, in order */
    public List<String> takeAllAsStrings() {
        return takeAll().stream().map(Event::toString).toList();
    }

    /** @return how many events are waiting */
    public int size() {
        return events.size();
    }

    /** @param expected the next event must be this text message */
    public void assertText(String expected) {
        assertEquals("text " + expected, next().toString());
    }

    /** @param expected the next event must be a binary message with these bytes */
    public void assertBinary(byte[] expected) {
        Event event = next();
        assertEquals(Kind.BINARY, event.kind(), event::toString);
        assertTrue(Arrays.equals(expected, event.payload()),
                () -> "binary of " + expected.length + " bytes expected, got " + event.payload().length);
    }

    /** @param hex the next event must be a ping with this payload */
    public void assertPing(String hex) {
        assertEquals("ping " + Hex.of(Hex.bytes(hex)), next().toString());
    }

    /** @param hex the next event must be a pong with this payload */
    public void assertPong(String hex) {
        assertEquals("pong " + Hex.of(Hex.bytes(hex)), next().toString());
    }

    /** Fails if any event was not taken. */
    public void assertExhausted() {
        assertTrue(events.isEmpty(), () -> "unexpected events: " + takeAllAsStrings());
    }

    private static byte[] take(ByteBuf buf) {
        try {
            assertTrue(buf.refCnt() > 0, "listener handed a released buffer");
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }
}
