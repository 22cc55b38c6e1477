package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pricefeed.core.ws.testing.RawFrames.concat;
import static pricefeed.core.ws.testing.RawFrames.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.testing.Hex;
import pricefeed.core.ws.testing.RawFrames;

/** Text messages through the decoder: UTF-8 is checked across fragments and fails as early as it can. */
class FrameDecoderUtf8Test {

    private static final int KEY = 0x1234abcd;

    /** A frame as the given role receives it: masked for a server, clear for a client. */
    private static RawFrames to(Role role, int opcode) {
        RawFrames frame = frame(opcode);
        return role == Role.SERVER ? frame.mask(KEY) : frame;
    }

    private static DecoderHarness harness(Role role) {
        return new DecoderHarness(role, WebSocketLimits.DEFAULTS);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ce ba e1 bd b9 cf 83 ce bc ce b5", "f0 90 80 80 f4 8f bf bf", "ed 9f bf ee 80 80", "c2 80 df bf",
    })
    void validTextSurvivesEveryFragmentationPoint(String hex) {
        byte[] text = Hex.bytes(hex);
        String expected = "text " + new String(text, StandardCharsets.UTF_8);
        for (int split = 0; split <= text.length; split++) {
            byte[] stream = concat(
                    to(Role.SERVER, 0x1).fin(false).payload(Arrays.copyOfRange(text, 0, split)).bytes(),
                    to(Role.SERVER, 0x9).payload("p").bytes(),
                    to(Role.SERVER, 0x0).payload(Arrays.copyOfRange(text, split, text.length)).bytes());
            try (DecoderHarness h = harness(Role.SERVER)) {
                assertEquals(List.of("ping 70", expected), h.feed(stream, 1).events(), "split at " + split);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void badByteInTheFirstFragmentFailsBeforeTheNextArrives(Role role) {
        try (DecoderHarness h = harness(role)) {
            h.feedExpectingViolation(to(role, 0x1).fin(false).payloadHex("48 65 c0 af").bytes(), 1000, 1007);
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void badByteFailsWhileItsFrameIsStillArriving(Role role) {
        byte[] payload = new byte[200];
        Arrays.fill(payload, (byte) 'a');
        payload[10] = (byte) 0xff;
        byte[] frame = to(role, 0x1).payload(payload).bytes();
        int header = frame.length - payload.length;
        byte[] firstPart = Arrays.copyOf(frame, header + 11);
        try (DecoderHarness h = harness(role)) {
            h.feed(Arrays.copyOf(firstPart, header + 10));
            assertTrue(h.decoder.isMidMessage());
            h.feedExpectingViolation(Arrays.copyOfRange(firstPart, header + 10, header + 11), 1, 1007);
        }
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void sequenceLeftOpenAtTheEndOfASingleFrameFails(Role role) {
        try (DecoderHarness h = harness(role)) {
            h.feedExpectingViolation(to(role, 0x1).payloadHex("48 e1 bd").bytes(), 1, 1007);
        }
    }

    @Test
    void sequenceLeftOpenAtTheEndOfAFragmentedMessageFailsAtTheFinalFrame() {
        try (DecoderHarness h = harness(Role.SERVER)) {
            h.feed(to(Role.SERVER, 0x1).fin(false).payloadHex("48 ce").bytes());
            h.feed(to(Role.SERVER, 0x0).fin(false).payloadHex("").bytes());
            assertEquals(List.of(), h.events());
            h.feedExpectingViolation(to(Role.SERVER, 0x0).payloadHex("").bytes(), 1, 1007);
        }
    }

    @Test
    void impossibleContinuationInTheSecondFragmentFailsThere() {
        try (DecoderHarness h = harness(Role.SERVER)) {
            h.feed(to(Role.SERVER, 0x1).fin(false).payloadHex("ed").bytes());
            h.feedExpectingViolation(to(Role.SERVER, 0x0).payloadHex("a0 80").bytes(), 100, 1007);
        }
    }

    @Test
    void binaryMessagesAreNotCheckedAsText() {
        try (DecoderHarness h = harness(Role.SERVER)) {
            h.feed(concat(to(Role.SERVER, 0x2).fin(false).payloadHex("ff").bytes(),
                    to(Role.SERVER, 0x0).payloadHex("c0 80").bytes()), 1);
            assertEquals(List.of("binary ffc080"), h.events());
        }
    }

    @Test
    void closeInsideAnOpenTextMessageAbandonsItWithoutLeaking() {
        try (DecoderHarness h = harness(Role.SERVER)) {
            h.feed(concat(
                    to(Role.SERVER, 0x1).fin(false).payload(new byte[300]).bytes(),
                    to(Role.SERVER, 0x8).payloadHex("03e8 6f6b").bytes(),
                    to(Role.SERVER, 0x0).payload("late").bytes()));
            assertEquals(List.of("close 1000 ok"), h.events());
            assertEquals(0, h.unread());
        }
    }
}
