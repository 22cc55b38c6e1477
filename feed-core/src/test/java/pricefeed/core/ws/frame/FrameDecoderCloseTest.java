package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static pricefeed.core.ws.testing.RawFrames.concat;
import static pricefeed.core.ws.testing.RawFrames.frame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.testing.RawFrames;

/** Close frames: which codes and reasons are accepted (Autobahn 7.x), and that nothing follows them. */
class FrameDecoderCloseTest {

    private static final int KEY = 0x5a5a0f0f;

    private static RawFrames close(byte[] payload) {
        return frame(0x8).mask(KEY).payload(payload);
    }

    private static DecoderHarness harness() {
        return new DecoderHarness(Role.SERVER, WebSocketLimits.DEFAULTS);
    }

    @ParameterizedTest(name = "code {0} is reported")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999})
    void validCodesAreReported(int code) {
        try (DecoderHarness h = harness()) {
            h.feed(close(RawFrames.closePayload(code, "bye")).bytes(), 1);
            assertEquals(List.of("close " + code + " bye"), h.events());
        }
    }

    @ParameterizedTest(name = "code {0} -> 1002")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535})
    void invalidCodesAreProtocolErrors(int code) {
        try (DecoderHarness h = harness()) {
            h.feedExpectingViolation(close(RawFrames.closePayload(code, "")).bytes(), 100, 1002);
        }
    }

    @Test
    void onePayloadByteIsAProtocolErrorAtTheHeader() {
        try (DecoderHarness h = harness()) {
            byte[] frame = close(new byte[] {3}).bytes();
            // The 7-bit length alone (byte 1) is enough to know.
            h.feedExpectingViolation(java.util.Arrays.copyOf(frame, 2), 1, 1002);
        }
    }

    @Test
    void badUtf8ReasonIs1007() {
        byte[] payload = concat(RawFrames.closePayload(1000, "ok"), new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80});
        try (DecoderHarness h = harness()) {
            h.feedExpectingViolation(close(payload).bytes(), 100, 1007);
        }
    }

    @Test
    void reasonEndingInsideASequenceIs1007() {
        byte[] payload = concat(RawFrames.closePayload(1000, "ok"), new byte[] {(byte) 0xce});
        try (DecoderHarness h = harness()) {
            h.feedExpectingViolation(close(payload).bytes(), 100, 1007);
        }
    }

    @Test
    void emptyPayloadIsNoStatus() {
        try (DecoderHarness h = harness()) {
            assertEquals(List.of("close 1005 "), h.feed(close(new byte[0]).bytes()).events());
        }
    }

    @Test
    void longestReasonWithMultiByteCharactersIsReported() {
        String reason = "κ".repeat(61) + "x";   // 123 bytes
        try (DecoderHarness h = harness()) {
            assertEquals(List.of("close 4000 " + reason), h.feed(close(RawFrames.closePayload(4000, reason)).bytes(), 3).events());
        }
    }

    @Test
    void everythingAfterACloseIsSkipped() {
        byte[] stream = concat(
                frame(0x1).mask(KEY).payload("before").bytes(),
                close(RawFrames.closePayload(1001, "")).bytes(),
                frame(0x1).mask(KEY).payload("after").bytes(),
                new byte[] {(byte) 0xff, (byte) 0xff});
        try (DecoderHarness h = harness()) {
            assertEquals(List.of("text before", "close 1001 "), h.feed(stream).events());
            assertEquals(0, h.unread());
            assertFalse(h.decoder.isFailed());
            assertFalse(h.decoder.isMidMessage());
            h.feed(frame(0x9).mask(KEY).bytes());
            assertEquals(List.of(), h.events());
        }
    }
}
