package pricefeed.server.stream;

import pricefeed.server.testing.RawClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pricefeed.core.ws.testing.Hex;
import pricefeed.core.ws.testing.RawFrames;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Autobahn-style cases (numbered after the Autobahn TestSuite sections) against {@code /echo} over a raw
 * socket. Each row sends exact client bytes and asserts the exact bytes the server answers (echoed frames,
 * pongs), then the server's close frame with its code, then that the server ends TCP. Close reasons of
 * violations are the codec's wording, so for those only the code and the reason's UTF-8 validity are pinned.
 */
class EchoAutobahnTest extends StreamListenerTestBase {

    private static final int KEY = 0x37fa213d;
    private static final int MIB = 1024 * 1024;
    private static final int NORMAL = 1000;
    private static final int PROTOCOL_ERROR = 1002;
    private static final int INVALID_PAYLOAD = 1007;
    private static final int TOO_BIG = 1009;

    /** How the client bytes go out. */
    private enum Send { AT_ONCE, BYTE_BY_BYTE }

    // ---- client frames (masked) -------------------------------------------------------------------------

    private static RawFrames client(int opcode) {
        return RawFrames.frame(opcode).mask(KEY);
    }

    private static byte[] text(String s) {
        return client(0x1).payload(s).bytes();
    }

    private static byte[] text(byte[] utf8) {
        return client(0x1).payload(utf8).bytes();
    }

    private static byte[] binary(byte[] b) {
        return client(0x2).payload(b).bytes();
    }

    private static byte[] fragment(int opcode, boolean fin, String s) {
        return client(opcode).fin(fin).payload(s).bytes();
    }

    private static byte[] ping(String s) {
        return client(0x9).payload(s).bytes();
    }

    private static byte[] closeWith(String hexPayload) {
        return client(0x8).payloadHex(hexPayload).bytes();
    }

    private static final byte[] CLOSE_1000 = closeWith("03e8");

    // ---- server frames (unmasked) ------------------------------------------------------------------------

    private static byte[] echoText(String s) {
        return RawFrames.frame(0x1).payload(s).bytes();
    }

    private static byte[] echoText(byte[] utf8) {
        return RawFrames.frame(0x1).payload(utf8).bytes();
    }

    private static byte[] echoBinary(byte[] b) {
        return RawFrames.frame(0x2).payload(b).bytes();
    }

    private static byte[] pong(String s) {
        return RawFrames.frame(0xA).payload(s).bytes();
    }

    private static final byte[] NOTHING = new byte[0];

    private static byte[] cat(byte[]... parts) {
        return RawFrames.concat(parts);
    }

    private static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * @param id    the Autobahn-style case number and what it does
     * @param send  the client's bytes
     * @param how   at once or one byte per write
     * @param reply the exact bytes expected before the server's close frame
     * @param close the code of the server's close frame
     */
    private static Arguments row(String id, byte[] send, Send how, byte[] reply, int close) {
        return Arguments.of(id, send, how, reply, close);
    }

    /** A well-behaved exchange: the client closes with 1000 at the end and the server echoes that. */
    private static Arguments echo(String id, byte[] send, byte[] reply) {
        return row(id, cat(send, CLOSE_1000), Send.AT_ONCE, reply, NORMAL);
    }

    private static Arguments echoByteByByte(String id, byte[] send, byte[] reply) {
        return row(id, cat(send, CLOSE_1000), Send.BYTE_BY_BYTE, reply, NORMAL);
    }

    private static Arguments violation(String id, byte[] send, byte[] reply, int close) {
        return row(id, send, Send.AT_ONCE, reply, close);
    }

    static Stream<Arguments> cases() {
        List<Arguments> rows = new ArrayList<>();
        // 1.x framing: payload lengths around the 7/16/64-bit boundaries
        for (int n : new int[] {0, 125, 126, 127, 128, 65535, 65536}) {
            rows.add(echo("1.1 text " + n, text(new String(repeat('*', n), StandardCharsets.US_ASCII)),
                    echoText(repeat('*', n))));
            rows.add(echo("1.2 binary " + n, binary(random(n, n)), echoBinary(random(n, n))));
        }
        rows.add(echoByteByByte("1.1.8 text 200 byte by byte", text("x".repeat(200)), echoText("x".repeat(200))));

        // 2.x pings and pongs
        rows.add(echo("2.1 ping empty", ping(""), pong("")));
        rows.add(echo("2.2 ping with text payload", ping("Hello, world!"), pong("Hello, world!")));
        rows.add(echo("2.3 ping with binary payload", client(0x9).payloadHex("0000fffe").bytes(),
                RawFrames.frame(0xA).payloadHex("0000fffe").bytes()));
        rows.add(echo("2.4 ping 125 bytes", ping("p".repeat(125)), pong("p".repeat(125))));
        rows.add(violation("2.5 ping 126 bytes", ping("p".repeat(126)), NOTHING, PROTOCOL_ERROR));
        rows.add(echoByteByByte("2.6 ping 125 bytes byte by byte", ping("q".repeat(125)), pong("q".repeat(125))));
        rows.add(echo("2.7 unsolicited pong", client(0xA).bytes(), NOTHING));
        rows.add(echo("2.8 unsolicited pong with payload", client(0xA).payload("unsolicited").bytes(), NOTHING));
        rows.add(echo("2.9 pong then ping", cat(client(0xA).payload("x").bytes(), ping("y")), pong("y")));
        byte[] tenPings = cat(ping("1"), ping("2"), ping("3"), ping("4"), ping("5"),
                ping("6"), ping("7"), ping("8"), ping("9"), ping("10"));
        byte[] tenPongs = cat(pong("1"), pong("2"), pong("3"), pong("4"), pong("5"),
                pong("6"), pong("7"), pong("8"), pong("9"), pong("10"));
        rows.add(echo("2.10 ten pings", tenPings, tenPongs));
        rows.add(echoByteByByte("2.11 ten pings byte by byte", tenPings, tenPongs));

        // 3.x reserved bits: no extension was negotiated, so any RSV bit is a protocol error
        rows.add(violation("3.1 RSV1 on text", client(0x1).rsv(4).payload("x").bytes(), NOTHING, PROTOCOL_ERROR));
        rows.add(violation("3.2 text, RSV2 text, ping",
                cat(text("ok"), client(0x1).rsv(2).payload("x").bytes(), ping("p")), echoText("ok"), PROTOCOL_ERROR));
        rows.add(row("3.3 text, RSV3 text, ping, byte by byte",
                cat(text("ok"), client(0x1).rsv(1).payload("x").bytes(), ping("p")), Send.BYTE_BY_BYTE,
                echoText("ok"), PROTOCOL_ERROR));
        rows.add(violation("3.4 RSV on ping", client(0x9).rsv(3).bytes(), NOTHING, PROTOCOL_ERROR));
        rows.add(violation("3.5 RSV 5 on binary", client(0x2).rsv(5).payloadHex("00ff").bytes(), NOTHING, PROTOCOL_ERROR));
        rows.add(violation("3.6 RSV 6 on ping", client(0x9).rsv(6).payload("x").bytes(), NOTHING, PROTOCOL_ERROR));
        rows.add(violation("3.7 RSV 7 on close", client(0x8).rsv(7).payloadHex("03e8").bytes(), NOTHING, PROTOCOL_ERROR));

        // 4.x reserved opcodes
        for (int opcode : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
            rows.add(violation("4.x reserved opcode " + opcode + " after a text",
                    cat(text("before"), client(opcode).payload("x").bytes(), ping("p")), echoText("before"), PROTOCOL_ERROR));
        }

        // 5.x fragmentation
        rows.add(violation("5.1 fragmented ping", cat(client(0x9).fin(false).payload("a").bytes(),
                fragment(0x0, true, "b")), NOTHING, PROTOCOL_ERROR));
        rows.add(violation("5.2 fragmented pong", cat(client(0xA).fin(false).payload("a").bytes(),
                fragment(0x0, true, "b")), NOTHING, PROTOCOL_ERROR));
        byte[] twoFragments = cat(fragment(0x1, false, "fragment1"), fragment(0x0, true, "fragment2"));
        rows.add(echo("5.3 text in two fragments", twoFragments, echoText("fragment1fragment2")));
        rows.add(echoByteByByte("5.4 text in two fragments, byte by byte", twoFragments, echoText("fragment1fragment2")));
        byte[] pingBetween = cat(fragment(0x1, false, "fragment1"), ping("ping"), fragment(0x0, true, "fragment2"));
        rows.add(echo("5.6 ping between text fragments", pingBetween, cat(pong("ping"), echoText("fragment1fragment2"))));
        rows.add(echoByteByByte("5.7 ping between fragments, byte by byte", pingBetween,
                cat(pong("ping"), echoText("fragment1fragment2"))));
        rows.add(echo("5.8 binary in three fragments", cat(client(0x2).fin(false).payloadHex("01").bytes(),
                        client(0x0).fin(false).payloadHex("02").bytes(), client(0x0).payloadHex("03").bytes()),
                RawFrames.frame(0x2).payloadHex("010203").bytes()));
        rows.add(violation("5.9 continuation without a start", cat(fragment(0x0, true, "x"), text("y")), NOTHING,
                PROTOCOL_ERROR));
        rows.add(violation("5.10 unfinished continuation without a start", cat(fragment(0x0, false, "x"), text("y")),
                NOTHING, PROTOCOL_ERROR));
        rows.add(violation("5.15 a continuation after the message ended",
                cat(fragment(0x1, false, "f1"), fragment(0x0, true, "f2"), fragment(0x0, false, "f3"),
                        fragment(0x0, true, "f4")), echoText("f1f2"), PROTOCOL_ERROR));
        rows.add(violation("5.18 a new text while a text is open",
                cat(fragment(0x1, false, "f1"), fragment(0x1, true, "f2")), NOTHING, PROTOCOL_ERROR));
        byte[] fiveWithPings = cat(fragment(0x1, false, "f1"), fragment(0x0, false, "f2"), ping("p1"),
                fragment(0x0, false, "f3"), fragment(0x0, false, "f4"), ping("p2"), fragment(0x0, true, "f5"));
        rows.add(echo("5.19 five fragments, two pings", fiveWithPings, cat(pong("p1"), pong("p2"), echoText("f1f2f3f4f5"))));
        rows.add(echoByteByByte("5.20 five fragments, two pings, byte by byte", fiveWithPings,
                cat(pong("p1"), pong("p2"), echoText("f1f2f3f4f5"))));

        // 6.x UTF-8
        rows.add(echo("6.1.1 empty text", text(""), echoText("")));
        rows.add(echo("6.1.2 empty fragments", cat(fragment(0x1, false, ""), fragment(0x0, false, ""),
                fragment(0x0, true, "")), echoText("")));
        String kosme = "\u03ba\u1f79\u03c3\u03bc\u03b5";
        rows.add(echo("6.2.1 valid multi-byte text", text(kosme), echoText(kosme)));
        rows.add(echoByteByByte("6.2.3 valid multi-byte text, byte by byte", text(kosme), echoText(kosme)));
        rows.add(echo("6.2.4 a code point split across fragments", cat(client(0x1).fin(false).payloadHex("e282").bytes(),
                client(0x0).payloadHex("ac").bytes()), echoText("\u20ac")));
        rows.add(echo("6.x the largest code point U+10FFFF", text(Hex.bytes("f48fbfbf")), echoText(Hex.bytes("f48fbfbf"))));
        byte[] invalid = Hex.bytes("cebae1bdb9cf83cebcceb5eda080656469746564");
        rows.add(violation("6.3.1 invalid UTF-8 in one frame", text(invalid), NOTHING, INVALID_PAYLOAD));
        rows.add(violation("6.3.2 invalid UTF-8 across fragments", cat(
                client(0x1).fin(false).payload(Arrays.copyOfRange(invalid, 0, 12)).bytes(),
                client(0x0).payload(Arrays.copyOfRange(invalid, 12, invalid.length)).bytes()), NOTHING, INVALID_PAYLOAD));
        // 6.4 fail fast: only the start of a frame is sent; the bad bytes alone must end the connection.
        byte[] wholeFrame = client(0x1).payload(invalid).bytes();
        rows.add(violation("6.4.1 fail fast inside an unfinished frame",
                Arrays.copyOf(wholeFrame, 6 + 14), NOTHING, INVALID_PAYLOAD));
        rows.add(violation("6.4.2 fail fast in an unfinished continuation", cat(
                client(0x1).fin(false).payload(kosme).bytes(),
                Arrays.copyOf(client(0x0).payloadHex("f4908080" + "41".repeat(60)).bytes(), 6 + 4)), NOTHING,
                INVALID_PAYLOAD));
        for (String bad : new String[] {"c0af", "eda080", "f4908080", "ff", "41ce", "e282"}) {
            rows.add(violation("6.x invalid UTF-8 " + bad, text(Hex.bytes(bad)), NOTHING, INVALID_PAYLOAD));
        }

        // 7.x close handshake
        rows.add(row("7.1.1 close normally", CLOSE_1000, Send.AT_ONCE, NOTHING, NORMAL));
        rows.add(row("7.1.2 data after close is ignored", cat(CLOSE_1000, text("late")), Send.AT_ONCE, NOTHING, NORMAL));
        rows.add(row("7.1.3 ping after close is ignored", cat(CLOSE_1000, ping("late")), Send.AT_ONCE, NOTHING, NORMAL));
        rows.add(row("7.1.5 close inside a fragmented message", cat(fragment(0x1, false, "half"), CLOSE_1000),
                Send.AT_ONCE, NOTHING, NORMAL));
        rows.add(row("7.3.1 close without payload is answered with 1000", client(0x8).bytes(), Send.AT_ONCE, NOTHING,
                NORMAL));
        rows.add(violation("7.3.2 close with a 1-byte payload", closeWith("03"), NOTHING, PROTOCOL_ERROR));
        rows.add(row("7.3.4 close with code and reason", closeWith("03e8" + Hex.of("bye".getBytes())), Send.AT_ONCE,
                NOTHING, NORMAL));
        rows.add(row("7.3.5 close with a 123-byte reason", client(0x8).payload(cat(Hex.bytes("03e8"), repeat('r', 123)))
                .bytes(), Send.AT_ONCE, NOTHING, NORMAL));
        rows.add(violation("7.3.6 close with a 124-byte reason", client(0x8).payload(cat(Hex.bytes("03e8"),
                repeat('r', 124))).bytes(), NOTHING, PROTOCOL_ERROR));
        rows.add(violation("7.5.1 close reason with invalid UTF-8", closeWith("03e8" + Hex.of(invalid)), NOTHING,
                INVALID_PAYLOAD));
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999,
                4000, 4999}) {
            rows.add(row("7.7 valid close code " + code + " is echoed", closeWith(String.format("%04x", code)),
                    Send.AT_ONCE, NOTHING, code));
        }
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            rows.add(violation("7.9 invalid close code " + code, closeWith(String.format("%04x", code)), NOTHING,
                    PROTOCOL_ERROR));
        }

        // 9.x large messages, up to the 1 MiB limit of /echo, and just over it
        for (int n : new int[] {64 * 1024, 256 * 1024, MIB}) {
            rows.add(echo("9.1 text " + n, text(repeat('t', n)), echoText(repeat('t', n))));
            rows.add(echo("9.2 binary " + n, binary(random(n, 9)), echoBinary(random(n, 9))));
        }
        byte[][] parts = new byte[16][];
        for (int i = 0; i < 16; i++) {
            parts[i] = client(i == 0 ? 0x2 : 0x0).fin(i == 15).payload(random(MIB / 16, i)).bytes();
        }
        byte[] whole = new byte[MIB];
        for (int i = 0; i < 16; i++) {
            System.arraycopy(random(MIB / 16, i), 0, whole, i * (MIB / 16), MIB / 16);
        }
        rows.add(echo("9.4 1 MiB in 64 KiB fragments", cat(parts), echoBinary(whole)));
        rows.add(violation("1009 one frame of 1 MiB + 1", binary(random(MIB + 1, 3)), NOTHING, TOO_BIG));
        rows.add(violation("1009 fragments summing to 1 MiB + 1", cat(client(0x2).fin(false).payload(random(MIB, 4))
                .bytes(), client(0x0).payload("!").bytes()), NOTHING, TOO_BIG));
        rows.add(violation("1009 a declared 2^62-byte frame, checked before any payload",
                client(0x2).longLength().declaredLength(1L << 62).bytes(), NOTHING, TOO_BIG));
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void echoCase(String id, byte[] send, Send how, byte[] reply, int close) throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            CompletableFuture<Void> sent;
            if (how == Send.BYTE_BY_BYTE) {
                client.sendByteByByte(send);
                sent = CompletableFuture.completedFuture(null);
            } else {
                sent = client.sendAsync(send);
            }
            byte[] received = client.read(reply.length);
            if (!Arrays.equals(reply, received)) {
                assertEquals(abbreviate(Hex.of(reply)), abbreviate(Hex.of(received)), id);
            }
            byte[] closeFrame = client.readFrame();
            assertEquals("88", Hex.of(closeFrame).substring(0, 2), "a close frame: " + Hex.of(closeFrame));
            assertTrue(closeFrame.length >= 4, "the close frame carries a code: " + Hex.of(closeFrame));
            assertEquals(close, ((closeFrame[2] & 0xFF) << 8) | (closeFrame[3] & 0xFF), "close code");
            String reason = strictUtf8(Arrays.copyOfRange(closeFrame, 4, closeFrame.length));
            if (close == NORMAL || id.startsWith("7.7")) {
                assertEquals("", reason, "an answer to the client's close carries its code and no reason");
            } else {
                assertFalse(reason.isEmpty(), "a violation says why");
            }
            client.expectEof();
            sent.get(5, TimeUnit.SECONDS);
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private static String abbreviate(String hex) {
        return hex.length() <= 400 ? hex : hex.substring(0, 200) + "..(" + hex.length() / 2 + " bytes).."
                + hex.substring(hex.length() - 200);
    }
}
