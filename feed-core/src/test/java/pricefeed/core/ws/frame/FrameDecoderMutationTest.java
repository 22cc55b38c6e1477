package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static pricefeed.core.ws.testing.RawFrames.concat;
import static pricefeed.core.ws.testing.RawFrames.frameTo;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pricefeed.core.ws.ProtocolViolation;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.testing.Damage;
import pricefeed.core.ws.testing.RawFrames;

/**
 * Seeded random damage to a valid frame stream ({@link Damage}: bytes overwritten, bits flipped, bytes
 * inserted, deleted, repeated, cut off).
 * Whatever arrives, the decoder either reports events or fails with an RFC close code, never with any
 * other exception; it reports the same events and the same code however the bytes are split into reads;
 * it never holds more than the message limit; and it leaks nothing. A failing case names its seed.
 */
class FrameDecoderMutationTest {

    private static final int CASES = 4000;
    /** Frames up to 700 bytes and messages up to 1200, so that damaged lengths often cross a limit. */
    private static final WebSocketLimits LIMITS = new WebSocketLimits(700, 1200, 8192,
            Duration.ofSeconds(10), Duration.ofSeconds(1));

    /** What a decoder made of a byte stream: its events, and the close code it failed with (0 if none). */
    private record Outcome(List<String> events, int failedWith) {
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void damagedStreamsFailCleanlyAndTheSameWayHoweverTheyAreRead(Role receiver) {
        byte[] valid = validStream(receiver);
        Map<Integer, Integer> outcomes = new TreeMap<>();
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            byte[] damaged = Damage.of(valid, random, r -> r.nextInt(256));
            Outcome whole = decode(receiver, damaged, new int[] {Math.max(1, damaged.length)}, seed);
            Outcome split = decode(receiver, damaged, Damage.readSizes(random, 64), seed);
            assertEquals(whole, split, "seed " + seed + ": the same bytes read in pieces");
            outcomes.merge(whole.failedWith(), 1, Integer::sum);
        }
        // The damage reaches every kind of outcome, so the checks above are not all on one path.
        assertEquals(List.of(0, 1002, 1007, 1009), List.copyOf(outcomes.keySet()), outcomes::toString);
        outcomes.values().forEach(n -> assertTrue(n >= 10, outcomes::toString));
    }

    private static Outcome decode(Role receiver, byte[] bytes, int[] reads, int seed) {
        try (DecoderHarness h = new DecoderHarness(receiver, LIMITS)) {
            int failedWith = 0;
            int from = 0;
            try {
                for (int i = 0; from < bytes.length; i++) {
                    int n = Math.min(reads[i % reads.length], bytes.length - from);
                    h.feed(Arrays.copyOfRange(bytes, from, from + n));
                    from += n;
                    assertTrue(h.heldByDecoder() <= LIMITS.maxMessageBytes(),
                            "seed " + seed + ": the decoder holds " + h.heldByDecoder() + " bytes");
                }
            } catch (ProtocolViolation violation) {
                failedWith = violation.closeCode().code();
                assertTrue(failedWith == 1002 || failedWith == 1007 || failedWith == 1009,
                        "seed " + seed + ": " + violation);
            } catch (RuntimeException e) {
                fail("seed " + seed + ": not a protocol violation", e);
            }
            return new Outcome(h.shortEvents(), failedWith);
        }
    }

    /** Text (split UTF-8 across fragments), binary, control frames inside a fragmented message, a close. */
    private static byte[] validStream(Role receiver) {
        Random random = new Random(6455);
        byte[] binary = new byte[300];
        random.nextBytes(binary);
        byte[] part = new byte[400];
        random.nextBytes(part);
        return concat(
                frameTo(receiver, random, 0x1).payload("Hello, κόσμε").bytes(),
                frameTo(receiver, random, 0x2).payload(binary).bytes(),
                frameTo(receiver, random, 0x9).payload("ping!").bytes(),
                frameTo(receiver, random, 0x1).fin(false).payloadHex("ce").bytes(),
                frameTo(receiver, random, 0xA).payload("pong").bytes(),
                frameTo(receiver, random, 0x0).fin(false).payloadHex("ba e1").bytes(),
                frameTo(receiver, random, 0x0).payloadHex("bd b9 cf 83 ce bc ce b5").bytes(),
                frameTo(receiver, random, 0x2).fin(false).payload(part).bytes(),
                frameTo(receiver, random, 0x9).bytes(),
                frameTo(receiver, random, 0x0).fin(false).payload(part).bytes(),
                frameTo(receiver, random, 0x0).payload(new byte[200]).bytes(),
                frameTo(receiver, random, 0x1).payload("{\"type\":\"subscribe\",\"symbols\":[\"AAPL\"]}").bytes(),
                frameTo(receiver, random, 0x8).payload(RawFrames.closePayload(1000, "done")).bytes());
    }
}
