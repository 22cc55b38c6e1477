package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pricefeed.core.ws.testing.RawFrames.concat;
import static pricefeed.core.ws.testing.RawFrames.frame;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pricefeed.core.ws.ProtocolViolation;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.testing.RawFrames;

/** Every header and payload violation the decoder detects, with the close code it must carry. */
class FrameDecoderViolationsTest {

    private static final int KEY = 0x0badcafe;
    private static final int PROTOCOL_ERROR = 1002;
    private static final int INVALID_PAYLOAD = 1007;
    private static final int TOO_BIG = 1009;
    /** Frames up to 1000 bytes, messages up to 1500. */
    private static final WebSocketLimits SMALL = new WebSocketLimits(1000, 1500, 8192,
            Duration.ofSeconds(10), Duration.ofSeconds(1));

    /** A masked frame, as a server must receive. */
    private static RawFrames in(int opcode) {
        return frame(opcode).mask(KEY);
    }

    static Stream<Arguments> violations() {
        List<Arguments> cases = new ArrayList<>();
        for (int rsv = 1; rsv <= 7; rsv++) {
            cases.add(server("RSV bits " + rsv, in(0x1).rsv(rsv).payload("a").bytes(), PROTOCOL_ERROR));
        }
        for (int opcode : new int[] {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            cases.add(server("reserved opcode " + opcode, in(opcode).bytes(), PROTOCOL_ERROR));
        }
        cases.add(server("unmasked frame to a server", frame(0x1).payload("a").bytes(), PROTOCOL_ERROR));
        cases.add(client("masked frame to a client", frame(0x1).mask(KEY).payload("a").bytes(), PROTOCOL_ERROR));
        for (int opcode : new int[] {0x8, 0x9, 0xA}) {
            cases.add(server("fragmented control " + opcode, in(opcode).fin(false).bytes(), PROTOCOL_ERROR));
            cases.add(server("control " + opcode + " of 126 bytes", in(opcode).payload(new byte[126]).bytes(),
                    PROTOCOL_ERROR));
            cases.add(server("control " + opcode + " announcing 126 bytes",
                    in(opcode).shortLength().declaredLength(126).bytes(), PROTOCOL_ERROR));
            cases.add(server("control " + opcode + " with a 16-bit length of 0",
                    in(opcode).shortLength().bytes(), PROTOCOL_ERROR));
        }
        cases.add(server("continuation without a message", in(0x0).payload("a").bytes(), PROTOCOL_ERROR));
        cases.add(server("continuation after a complete message",
                concat(in(0x1).payload("a").bytes(), in(0x0).payload("b").bytes()), PROTOCOL_ERROR, "text a"));
        cases.add(server("text while a fragmented message is open",
                concat(in(0x1).fin(false).payload("a").bytes(), in(0x1).payload("b").bytes()), PROTOCOL_ERROR));
        cases.add(server("binary while a fragmented text is open",
                concat(in(0x1).fin(false).payload("a").bytes(), in(0x2).payload("b").bytes()), PROTOCOL_ERROR));
        cases.add(server("16-bit length of 0", in(0x2).shortLength().bytes(), PROTOCOL_ERROR));
        cases.add(server("16-bit length of 125", in(0x2).shortLength().payload(new byte[125]).bytes(),
                PROTOCOL_ERROR));
        cases.add(server("64-bit length of 0", in(0x2).longLength().bytes(), PROTOCOL_ERROR));
        cases.add(server("64-bit length of 65535", in(0x2).longLength().declaredLength(65535).bytes(),
                PROTOCOL_ERROR));
        cases.add(server("64-bit length with the top bit set", in(0x2).longLength().declaredLength(-1).bytes(),
                PROTOCOL_ERROR));
        cases.add(server("64-bit length of 2^63", in(0x2).longLength().declaredLength(Long.MIN_VALUE).bytes(),
                PROTOCOL_ERROR));
        cases.add(server("close payload of 1 byte", in(0x8).payloadHex("03").bytes(), PROTOCOL_ERROR));
        cases.add(server("close code 1005", in(0x8).payloadHex("03ed").bytes(), PROTOCOL_ERROR));
        cases.add(server("invalid UTF-8 text", in(0x1).payloadHex("48 ff 6c").bytes(), INVALID_PAYLOAD));
        cases.add(server("truncated UTF-8 text", in(0x1).payloadHex("48 ce").bytes(), INVALID_PAYLOAD));
        cases.add(server("close reason not UTF-8", in(0x8).payloadHex("03e8 c0 80").bytes(), INVALID_PAYLOAD));
        cases.add(small("frame over the frame limit", in(0x2).payload(new byte[1001]).bytes(), TOO_BIG));
        cases.add(small("16-bit length announcing 65535 bytes", in(0x2).shortLength().declaredLength(65535).bytes(),
                TOO_BIG));
        cases.add(small("64-bit length announcing 2^62 bytes", in(0x2).declaredLength(1L << 62).bytes(), TOO_BIG));
        cases.add(small("fragments over the message limit", concat(
                in(0x2).fin(false).payload(new byte[800]).bytes(),
                in(0x0).payload(new byte[800]).bytes()), TOO_BIG));
        cases.add(small("fragments over the message limit with a ping between", concat(
                in(0x2).fin(false).payload(new byte[1000]).bytes(),
                in(0x9).payload("p").bytes(),
                in(0x0).fin(false).payload(new byte[500]).bytes(),
                in(0x0).payload(new byte[1]).bytes()), TOO_BIG, "ping 70"));
        return cases.stream();
    }

    private static Arguments server(String name, byte[] bytes, int code, String... before) {
        return Arguments.of(name, Role.SERVER, WebSocketLimits.DEFAULTS, bytes, code, List.of(before));
    }

    private static Arguments client(String name, byte[] bytes, int code, String... before) {
        return Arguments.of(name, Role.CLIENT, WebSocketLimits.DEFAULTS, bytes, code, List.of(before));
    }

    private static Arguments small(String name, byte[] bytes, int code, String... before) {
        return Arguments.of(name, Role.SERVER, SMALL, bytes, code, List.of(before));
    }

    /** The reason must not claim a size the frame does not have: an empty ping can carry a 16-bit length. */
    @Test
    void anEmptyControlFrameWithAnExtendedLengthIsRefusedForItsLengthForm() {
        try (DecoderHarness harness = new DecoderHarness(Role.SERVER, WebSocketLimits.DEFAULTS)) {
            byte[] bytes = in(0x9).shortLength().bytes();
            ProtocolViolation violation = harness.feedExpectingViolation(bytes, bytes.length, PROTOCOL_ERROR);
            assertEquals("control frame with an extended length (control payloads are at most 125 bytes)",
                    violation.getMessage());
        }
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @MethodSource("violations")
    void failsWithItsCloseCode(String name, Role role, WebSocketLimits limits, byte[] bytes, int code,
                               List<String> eventsBefore) {
        for (int chunk : new int[] {bytes.length, 1}) {
            try (DecoderHarness harness = new DecoderHarness(role, limits)) {
                ProtocolViolation violation = harness.feedExpectingViolation(bytes, chunk, code);
                String reason = violation.getMessage();
                assertTrue(!reason.isEmpty() && reason.getBytes(StandardCharsets.UTF_8).length <= 123, reason);
                assertEquals(eventsBefore, harness.events(), "events before the violation");
                assertTrue(harness.decoder.isFailed());
                assertFalse(harness.decoder.isMidMessage());
                assertEquals(0, harness.unread(), "input after a violation is skipped");

                // Terminal: a perfectly good frame afterwards is skipped and reported nowhere.
                harness.feed(in(0x1).payload("ignored").bytes());
                assertEquals(List.of(), harness.events());
                assertEquals(0, harness.unread());
            }
        }
    }
}
