package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.ws.testing.Hex;

/** The UTF-8 DFA on its own: Autobahn 6.x-style sequences, whole, byte by byte and split anywhere. */
class Utf8ValidatorTest {

    @ParameterizedTest(name = "valid: {0}")
    @ValueSource(strings = {
        "",
        "48 65 6c 6c 6f 2d c2 b5 40 c3 9f c3 b6 c3 a4 c3 bc c3 a0 c3 a1 2d 55 54 46 2d 38 21 21", // 6.2.1
        "ce ba e1 bd b9 cf 83 ce bc ce b5",  // κόσμε
        "00", "c2 80", "e0 a0 80", "f0 90 80 80",  // first of each length
        "7f", "df bf", "ef bf bf", "f4 8f bf bf",  // last of each length
        "ed 9f bf", "ee 80 80", "ef bf bd",        // around the surrogates, U+FFFD
        "ef bf be", "ef bf bf f0 9f 98 80",       // noncharacters are still valid UTF-8; an emoji
    })
    void acceptsWellFormedSequences(String hex) {
        byte[] bytes = Hex.bytes(hex);
        assertEquals(-1, firstRejectedByte(bytes), "byte by byte");
        for (int split = 0; split <= bytes.length; split++) {
            Utf8Validator validator = new Utf8Validator();
            assertTrue(feed(validator, bytes, 0, split));
            assertTrue(feed(validator, bytes, split, bytes.length - split));
            assertTrue(validator.isComplete(), "split at " + split);
        }
    }

    /** {@code at} is the index of the first byte that can no longer be UTF-8; -1: only the end is bad. */
    @ParameterizedTest(name = "invalid: {0} at {1}")
    @CsvSource({
        "80, 0", "bf, 0", "80 bf 80, 0",                     // lone continuation bytes
        "c0 20, 0", "c2 20, 1", "df 20, 1", "e0 20, 1", "ef 20, 1", "f0 20, 1", "f4 20, 1", // lead + space
        "c2, -1", "e1 80, -1", "f0 90 80, -1", "f1 80 80, -1", "48 ce, -1", // truncated at the end
        "fe, 0", "ff, 0", "fe fe ff ff, 0", "f8 88 80 80 80, 0", "fc 84 80 80 80 80, 0", // impossible bytes
        "c0 af, 0", "c1 bf, 0", "e0 80 af, 1", "e0 9f bf, 1", "f0 80 80 af, 1", "f0 8f bf bf, 1", // overlongs
        "c0 80, 0", "e0 80 80, 1", "f0 80 80 80, 1",         // overlong NUL
        "ed a0 80, 1", "ed ad bf, 1", "ed af bf, 1", "ed b0 80, 1", "ed bf bf, 1", "ed a0 80 ed b0 80, 1", // surrogates
        "f4 90 80 80, 1", "f5 80 80 80, 0", "f7 bf bf bf, 0", // above U+10FFFF
        "ce ba ff, 2", "ce ba e1 bd, -1", "ce ba e1 20, 3", "e1 bd b9 80, 3", // inside otherwise good text
    })
    void rejectsAtTheFirstImpossibleByte(String hex, int at) {
        byte[] bytes = Hex.bytes(hex);
        assertEquals(at, firstRejectedByte(bytes));
        Utf8Validator whole = new Utf8Validator();
        boolean fed = feed(whole, bytes, 0, bytes.length);
        assertFalse(fed && whole.isComplete());
        assertEquals(at >= 0, !fed);
        assertFalse(feed(whole, Hex.bytes("41"), 0, 1), "rejection is sticky");
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void findsABadByteAnywhereInALongAsciiRun(BufferKind kind) {
        for (int bad = 0; bad < 70; bad++) {
            byte[] bytes = new byte[70];
            Arrays.fill(bytes, (byte) 'a');
            bytes[bad] = (byte) 0xff;
            ByteBuf buf = kind.holding(bytes);
            try {
                Utf8Validator validator = new Utf8Validator();
                assertTrue(validator.feed(buf, 5, bad), "prefix before " + bad);
                assertFalse(validator.feed(buf, 5 + bad, 70 - bad), kind + ": bad byte at " + bad);
                Utf8Validator whole = new Utf8Validator();
                assertFalse(whole.feed(buf, 5, 70), kind + ": bad byte at " + bad + ", fed whole");
            } finally {
                buf.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void acceptsMixedTextOnEveryBufferKind(BufferKind kind) {
        byte[] bytes = "price 189.10 \u20ac, 0.5 \u00b5s, \ud834\udd1e ok {\"a\":1}".getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = kind.holding(bytes);
        try {
            for (int split = 0; split <= bytes.length; split++) {
                Utf8Validator validator = new Utf8Validator();
                assertTrue(validator.feed(buf, 5, split) && validator.feed(buf, 5 + split, bytes.length - split));
                assertTrue(validator.isComplete(), kind + " split " + split);
            }
        } finally {
            buf.release();
        }
    }

    @Test
    void resetForgetsAnOpenSequenceAndARejection() {
        Utf8Validator validator = new Utf8Validator();
        feed(validator, Hex.bytes("ce"), 0, 1);
        assertFalse(validator.isComplete());
        validator.reset();
        assertTrue(validator.isComplete());
        assertFalse(feed(validator, Hex.bytes("ff"), 0, 1));
        validator.reset();
        assertTrue(feed(validator, Hex.bytes("41"), 0, 1));
        assertTrue(validator.isComplete());
    }

    /** @return the index of the byte whose feed returned false, or -1 */
    private static int firstRejectedByte(byte[] bytes) {
        Utf8Validator validator = new Utf8Validator();
        for (int i = 0; i < bytes.length; i++) {
            if (!feed(validator, bytes, i, 1)) {
                return i;
            }
        }
        return -1;
    }

    /** Feeds {@code bytes[from, from + length)} from a buffer released afterwards. */
    private static boolean feed(Utf8Validator validator, byte[] bytes, int from, int length) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return validator.feed(buf, from, length);
        } finally {
            buf.release();
        }
    }
}
