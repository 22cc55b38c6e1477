package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import java.util.List;
import pricefeed.core.ws.ProtocolViolation;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.core.ws.testing.RecordingFrameListener;

/**
 * A decoder fed the way Netty's ByteToMessageDecoder feeds it: new bytes are appended to one
 * cumulation buffer whose unread bytes are kept. Counts allocations so {@link #close()} can assert that
 * nothing leaked.
 */
final class DecoderHarness implements AutoCloseable {

    final CountingAllocator allocator;
    final RecordingFrameListener listener = new RecordingFrameListener();
    final FrameDecoder decoder;
    private final ByteBuf cumulation;

    DecoderHarness(Role role, WebSocketLimits limits) {
        this(role, limits, false);
    }

    DecoderHarness(Role role, WebSocketLimits limits, boolean direct) {
        allocator = new CountingAllocator(direct);
        decoder = new FrameDecoder(role, limits, listener);
        cumulation = allocator.alloc().buffer();
    }

    /** Appends everything and decodes once. */
    DecoderHarness feed(byte[] bytes) {
        return feed(bytes, Math.max(1, bytes.length));
    }

    /** Appends in chunks of {@code chunk} bytes, decoding after each. */
    DecoderHarness feed(byte[] bytes, int chunk) {
        for (int from = 0; from < bytes.length; from += chunk) {
            cumulation.writeBytes(bytes, from, Math.min(chunk, bytes.length - from));
            decoder.decode(cumulation);
        }
        return this;
    }

    /** Appends in chunks whose sizes cycle through {@code chunks}. */
    DecoderHarness feed(byte[] bytes, int[] chunks) {
        int from = 0;
        for (int i = 0; from < bytes.length; i++) {
            int chunk = Math.min(chunks[i % chunks.length], bytes.length - from);
            cumulation.writeBytes(bytes, from, chunk);
            decoder.decode(cumulation);
            from += chunk;
        }
        return this;
    }

    /** Feeds and expects a violation with this code; returns it. */
    ProtocolViolation feedExpectingViolation(byte[] bytes, int chunk, int expectedCode) {
        ProtocolViolation violation = assertThrows(ProtocolViolation.class, () -> feed(bytes, chunk));
        assertEquals(expectedCode, violation.closeCode().code(), violation.getMessage());
        return violation;
    }

    /** @return bytes held by buffers the decoder allocated (its partly joined message), not the input */
    long heldByDecoder() {
        return allocator.usedBytes() - cumulation.capacity();
    }

    /** @return bytes the decoder left unread */
    int unread() {
        return cumulation.readableBytes();
    }

    /** @return the events so far, as strings, removed */
    List<String> events() {
        return listener.takeAllAsStrings();
    }

    /** @return the events so far, removed, with long ones shortened to a prefix, length and hash */
    List<String> shortEvents() {
        return shorten(events());
    }

    /** @return the events with long ones shortened to a prefix, length and hash (readable failures) */
    static List<String> shorten(List<String> events) {
        return events.stream()
                .map(e -> e.length() <= 80 ? e : e.substring(0, 40) + "...(" + e.length() + " chars, #" + e.hashCode() + ")")
                .toList();
    }

    /** Releases the input and the decoder; fails if anything the test or the decoder allocated leaked. */
    @Override
    public void close() {
        decoder.release();
        cumulation.release();
        allocator.assertAllReleased();
        listener.assertExhausted();
    }
}
