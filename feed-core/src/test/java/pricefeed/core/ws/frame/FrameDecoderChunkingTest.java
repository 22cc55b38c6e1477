package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static pricefeed.core.ws.testing.RawFrames.concat;
import static pricefeed.core.ws.testing.RawFrames.frameTo;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.testing.RawFrames;

/** However the bytes are split into reads, the decoder reports exactly the same events. */
class FrameDecoderChunkingTest {

    private static final WebSocketLimits LIMITS = WebSocketLimits.DEFAULTS.withMaxMessageBytes(1 << 20);

    /** Every kind of frame and length encoding, fragments with control frames between, and a close. */
    private static byte[] mixedStream(Role receiver) {
        Random random = new Random(6455);
        byte[] big = new byte[70_000];
        random.nextBytes(big);
        byte[] medium = new byte[300];
        random.nextBytes(medium);
        byte[] closePayload = RawFrames.closePayload(1000, "done");
        return concat(
                frameTo(receiver, random, 0x1).payload("Hello, κόσμε").bytes(),
                frameTo(receiver, random, 0x2).payload(medium).bytes(),
                frameTo(receiver, random, 0x9).payload("ping!").bytes(),
                frameTo(receiver, random, 0x1).fin(false).payloadHex("ce").bytes(),
                frameTo(receiver, random, 0xA).payload("pong").bytes(),
                frameTo(receiver, random, 0x0).fin(false).payloadHex("ba e1").bytes(),
                frameTo(receiver, random, 0x9).bytes(),
                frameTo(receiver, random, 0x0).payloadHex("bd b9").bytes(),
                frameTo(receiver, random, 0x2).payload(big).bytes(),
                frameTo(receiver, random, 0x2).fin(false).payload(medium).bytes(),
                frameTo(receiver, random, 0x0).fin(false).bytes(),
                frameTo(receiver, random, 0x0).payload(medium).bytes(),
                frameTo(receiver, random, 0x8).payload(closePayload).bytes());
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everySplitGivesTheSameEvents(Role receiver) {
        byte[] stream = mixedStream(receiver);
        List<String> whole;
        try (DecoderHarness h = new DecoderHarness(receiver, LIMITS)) {
            whole = h.feed(stream).shortEvents();
        }
        assertEquals(9, whole.size(), whole::toString);
        assertEquals("text Hello, κόσμε", whole.get(0));
        assertEquals("close 1000 done", whole.get(8));

        for (int chunk : new int[] {1, 2, 3, 5, 7, 13, 64, 1000, 65536}) {
            try (DecoderHarness h = new DecoderHarness(receiver, LIMITS)) {
                assertEquals(whole, h.feed(stream, chunk).shortEvents(), "chunks of " + chunk);
            }
        }
        try (DecoderHarness h = new DecoderHarness(receiver, LIMITS, true)) {
            assertEquals(whole, h.feed(stream, new int[] {1, 9, 2, 14, 3, 200, 1, 4096}).shortEvents(), "uneven chunks");
        }
    }
}
