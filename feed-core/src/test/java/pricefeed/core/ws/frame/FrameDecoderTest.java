package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pricefeed.core.ws.testing.RawFrames.concat;
import static pricefeed.core.ws.testing.RawFrames.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.ProtocolViolation;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.core.ws.testing.RawFrames;
import pricefeed.core.ws.testing.RecordingFrameListener;

/** Decoder behaviour beyond single violations: limits, fragments, interleaving, buffers and lifecycle. */
class FrameDecoderTest {

    private static final int KEY = 0x7a3b9c01;
    private static final WebSocketLimits SMALL = new WebSocketLimits(1000, 1500, 8192,
            Duration.ofSeconds(10), Duration.ofSeconds(1));

    private static RawFrames in(int opcode) {
        return frame(opcode).mask(KEY);
    }

    @Test
    void hugeAnnouncedLengthFailsWith1009BeforeAnyPayloadByteIsSent() {
        try (DecoderHarness h = new DecoderHarness(Role.SERVER, WebSocketLimits.DEFAULTS)) {
            byte[] header = Arrays.copyOf(in(0x2).declaredLength(1L << 40).bytes(), 10);
            long before = h.allocator.usedBytes();
            ProtocolViolation violation = h.feedExpectingViolation(header, 1, 1009);
            assertEquals("frame payload of 1099511627776 bytes over the limit of 65536", violation.getMessage());
            assertEquals(before, h.allocator.usedBytes(), "nothing allocated for the payload");
        }
    }

    @Test
    void runningTotalOverTheMessageLimitFailsAtTheOffendingHeaderAndFreesTheFragments() {
        try (DecoderHarness h = new DecoderHarness(Role.SERVER, SMALL)) {
            h.feed(in(0x2).fin(false).payload(new byte[1000]).bytes());
            long withFirstFragment = h.allocator.usedBytes();
            h.feed(in(0x0).fin(false).payload(new byte[500]).bytes());
            byte[] third = in(0x0).payload(new byte[1]).bytes();
            ProtocolViolation violation = h.feedExpectingViolation(Arrays.copyOf(third, 2), 1, 1009);
            assertEquals("message of 1501 bytes over the limit of 1500", violation.getMessage());
            assertTrue(h.allocator.usedBytes() < withFirstFragment, "the joined fragments were released");
        }
    }

    @Test
    void messageExactlyAtTheLimitIsDelivered() {
        byte[] first = new byte[1000];
        byte[] second = new byte[500];
        Arrays.fill(first, (byte) 1);
        Arrays.fill(second, (byte) 2);
        try (DecoderHarness h = new DecoderHarness(Role.SERVER, SMALL)) {
            h.feed(concat(in(0x2).fin(false).payload(first).bytes(), in(0x0).payload(second).bytes()), 7);
            h.listener.assertBinary(concat(first, second));
        }
    }

    @Test
    void controlFramesInterleavedInAFragmentedMessageDoNotDisturbIt() {
        byte[] stream = concat(
                in(0x1).fin(false).payload("a").bytes(),
                in(0x9).payload("p1").bytes(),
                in(0xA).payload("q").bytes(),
                in(0x0).fin(false).payload("b").bytes(),
                in(0x9).bytes(),
                in(0x0).payload("c").bytes(),
                in(0x2).payload("z").bytes());
        try (DecoderHarness h = new DecoderHarness(Role.SERVER, WebSocketLimits.DEFAULTS)) {
            assertEquals(List.of("ping 7031", "pong 71", "ping ", "text abc", "binary 7a"), h.feed(stream).events());
        }
    }

    @Test
    void emptyMessagesAndControlFramesAreDelivered() {
        byte[] stream = concat(in(0x1).bytes(), in(0x2).bytes(), in(0x9).bytes(), in(0xA).bytes(),
                in(0x1).fin(false).bytes(), in(0x0).bytes());
        try (DecoderHarness h = new DecoderHarness(Role.SERVER, WebSocketLimits.DEFAULTS)) {
            assertEquals(List.of("text ", "binary ", "ping ", "pong ", "text "), h.feed(stream, 1).events());
        }
    }

    @Test
    void midMessageTracksPartialFramesAndOpenMessages() {
        byte[] first = in(0x1).fin(false).payload("ab").bytes();
        try (DecoderHarness h = new DecoderHarness(Role.SERVER, WebSocketLimits.DEFAULTS)) {
            assertFalse(h.decoder.isMidMessage());
            for (int i = 0; i < first.length; i++) {
                h.feed(new byte[] {first[i]});
                assertTrue(h.decoder.isMidMessage(), "after byte " + i);
            }
            byte[] ping = in(0x9).bytes();
            h.feed(ping);
            assertTrue(h.decoder.isMidMessage(), "the message is still open after a ping");
            h.feed(in(0x0).payload("c").bytes());
            assertFalse(h.decoder.isMidMessage());
            assertEquals(List.of("ping ", "text abc"), h.events());
        }
    }

    @Test
    void releaseFreesAnOpenMessageAndEndsDecoding() {
        try (DecoderHarness h = new DecoderHarness(Role.SERVER, WebSocketLimits.DEFAULTS)) {
            long empty = h.allocator.usedBytes();
            h.feed(in(0x2).fin(false).payload(new byte[5000]).bytes());
            assertTrue(h.allocator.usedBytes() > empty);
            h.decoder.release();
            assertFalse(h.decoder.isMidMessage());
            assertFalse(h.decoder.isFailed());
            h.feed(in(0x0).payload("x").bytes());
            assertEquals(List.of(), h.events());
            assertEquals(0, h.unread());
        }
    }

    @Test
    void aSingleFrameMessageIsHandedOutWithoutACopy() {
        CountingAllocator allocator = new CountingAllocator();
        List<ByteBuf> received = new ArrayList<>();
        FrameDecoder decoder = new FrameDecoder(Role.SERVER, WebSocketLimits.DEFAULTS, new CollectingListener(received));
        byte[] payload = new byte[4096];
        Arrays.fill(payload, (byte) 'x');
        ByteBuf input = allocator.alloc().buffer().writeBytes(in(0x2).payload(payload).bytes());
        long before = allocator.usedBytes();

        decoder.decode(input);

        assertEquals(before, allocator.usedBytes(), "no payload copy");
        assertEquals(1, received.size());
        ByteBuf message = received.get(0);
        assertTrue(Arrays.equals(payload, ByteBufUtil.getBytes(message)), "unmasked in place");
        assertEquals(2, input.refCnt(), "the slice holds the input");
        message.release();
        assertEquals(1, input.refCnt(), "the decoder did not release the input");
        input.release();
        allocator.assertAllReleased();
    }

    @Test
    void directInputBuffersDecodeTheSame() {
        byte[] stream = concat(
                in(0x1).fin(false).payload("κό").bytes(),
                in(0x9).payload("p").bytes(),
                in(0x0).payload("σμε").bytes(),
                in(0x2).payload(new byte[300]).bytes());
        try (DecoderHarness h = new DecoderHarness(Role.SERVER, WebSocketLimits.DEFAULTS, true)) {
            List<String> events = h.feed(stream, 5).events();
            assertEquals(List.of("ping 70", "text κόσμε", "binary " + "00".repeat(300)), events);
        }
    }

    @Test
    void constructorRejectsMissingCollaborators() {
        RecordingFrameListener listener = new RecordingFrameListener();
        assertThrows(NullPointerException.class, () -> new FrameDecoder(null, WebSocketLimits.DEFAULTS, listener));
        assertThrows(NullPointerException.class, () -> new FrameDecoder(Role.SERVER, null, listener));
        assertThrows(NullPointerException.class, () -> new FrameDecoder(Role.SERVER, WebSocketLimits.DEFAULTS, null));
    }

    /** Keeps the buffers it is handed, so a test can inspect them before releasing. */
    private record CollectingListener(List<ByteBuf> buffers) implements FrameListener {
        @Override
        public void onText(ByteBuf utf8) {
            buffers.add(utf8);
        }

        @Override
        public void onBinary(ByteBuf payload) {
            buffers.add(payload);
        }

        @Override
        public void onPing(ByteBuf payload) {
            buffers.add(payload);
        }

        @Override
        public void onPong(ByteBuf payload) {
            buffers.add(payload);
        }

        @Override
        public void onClose(int code, String reason) {
            throw new AssertionError("no close expected");
        }
    }
}
