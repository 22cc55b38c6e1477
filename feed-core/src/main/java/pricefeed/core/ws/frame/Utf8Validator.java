package pricefeed.core.ws.frame;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.nio.ByteBuffer;

/**
 * Incremental UTF-8 validator: a DFA over the well-formed byte sequences of Unicode Table 3-7, so it
 * rejects overlong forms, surrogates (U+D800-DFFF) and anything above U+10FFFF at the first byte that
 * makes the sequence impossible. The state survives between {@link #feed} calls, which is what lets a
 * text message be checked fragment by fragment, and even within a partly received frame.
 *
 * <p>Not thread-safe; one instance per message stream.
 */
final class Utf8Validator {

    // Byte classes: which role a byte can play. The lead-byte classes encode the extra constraint the
    // second byte must meet (Table 3-7), so the states below need no lookbehind.
    private static final int C_ASCII = 0;        // 00-7F
    private static final int C_CONT_LOW = 1;     // 80-8F
    private static final int C_CONT_MID = 2;     // 90-9F
    private static final int C_CONT_HIGH = 3;    // A0-BF
    private static final int C_INVALID = 4;     // C0, C1, F5-FF: never in UTF-8
    private static final int C_LEAD2 = 5;        // C2-DF
    private static final int C_LEAD3_E0 = 6;     // E0: second byte A0-BF (no overlongs)
    private static final int C_LEAD3 = 7;        // E1-EC, EE-EF
    private static final int C_LEAD3_ED = 8;     // ED: second byte 80-9F (no surrogates)
    private static final int C_LEAD4_F0 = 9;     // F0: second byte 90-BF (no overlongs)
    private static final int C_LEAD4 = 10;       // F1-F3
    private static final int C_LEAD4_F4 = 11;    // F4: second byte 80-8F (nothing above U+10FFFF)
    private static final int CLASSES = 12;

    // States: how many continuation bytes are still due and which range the next one must be in.
    private static final int ACCEPT = 0;         // between characters
    private static final int NEED1 = 1;          // one continuation byte, any of 80-BF
    private static final int NEED2 = 2;          // two, any
    private static final int NEED2_E0 = 3;       // two, the next in A0-BF
    private static final int NEED2_ED = 4;       // two, the next in 80-9F
    private static final int NEED3_F0 = 5;       // three, the next in 90-BF
    private static final int NEED3 = 6;          // three, any
    private static final int NEED3_F4 = 7;       // three, the next in 80-8F
    private static final int REJECT = 8;         // sticky
    private static final int STATES = 9;

    private static final byte[] CLASS_OF = new byte[256];
    private static final byte[] NEXT = new byte[STATES * CLASSES];

    /** The high bit of each of 8 bytes: a long of pure ASCII has none set. */
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    static {
        classify(0x00, 0x7F, C_ASCII);
        classify(0x80, 0x8F, C_CONT_LOW);
        classify(0x90, 0x9F, C_CONT_MID);
        classify(0xA0, 0xBF, C_CONT_HIGH);
        classify(0xC0, 0xC1, C_INVALID);
        classify(0xC2, 0xDF, C_LEAD2);
        classify(0xE0, 0xE0, C_LEAD3_E0);
        classify(0xE1, 0xEC, C_LEAD3);
        classify(0xED, 0xED, C_LEAD3_ED);
        classify(0xEE, 0xEF, C_LEAD3);
        classify(0xF0, 0xF0, C_LEAD4_F0);
        classify(0xF1, 0xF3, C_LEAD4);
        classify(0xF4, 0xF4, C_LEAD4_F4);
        classify(0xF5, 0xFF, C_INVALID);

        java.util.Arrays.fill(NEXT, (byte) REJECT);
        edge(ACCEPT, C_ASCII, ACCEPT);
        edge(ACCEPT, C_LEAD2, NEED1);
        edge(ACCEPT, C_LEAD3_E0, NEED2_E0);
        edge(ACCEPT, C_LEAD3, NEED2);
        edge(ACCEPT, C_LEAD3_ED, NEED2_ED);
        edge(ACCEPT, C_LEAD4_F0, NEED3_F0);
        edge(ACCEPT, C_LEAD4, NEED3);
        edge(ACCEPT, C_LEAD4_F4, NEED3_F4);
        anyContinuation(NEED1, ACCEPT);
        anyContinuation(NEED2, NEED1);
        edge(NEED2_E0, C_CONT_HIGH, NEED1);
        edge(NEED2_ED, C_CONT_LOW, NEED1);
        edge(NEED2_ED, C_CONT_MID, NEED1);
        edge(NEED3_F0, C_CONT_MID, NEED2);
        edge(NEED3_F0, C_CONT_HIGH, NEED2);
        anyContinuation(NEED3, NEED2);
        edge(NEED3_F4, C_CONT_LOW, NEED2);
    }

    private static void classify(int from, int to, int byteClass) {
        for (int b = from; b <= to; b++) {
            CLASS_OF[b] = (byte) byteClass;
        }
    }

    private static void edge(int state, int byteClass, int next) {
        NEXT[state * CLASSES + byteClass] = (byte) next;
    }

    private static void anyContinuation(int state, int next) {
        edge(state, C_CONT_LOW, next);
        edge(state, C_CONT_MID, next);
        edge(state, C_CONT_HIGH, next);
    }

    private int state = ACCEPT;

    /** Advances the DFA by one byte; stops the scan (returns false) on rejection. */
    private final ByteProcessor step = value -> {
        int next = NEXT[state * CLASSES + CLASS_OF[value & 0xFF]];
        state = next;
        return next != REJECT;
    };

    /**
     * Validates the next bytes of the stream.
     *
     * @param buf    holds the bytes; its indices are not changed
     * @param index  the first byte
     * @param length how many bytes
     * @return false as soon as the stream can no longer be UTF-8 (and for every later call until
     *         {@link #reset()}); true if it is still a valid prefix
     */
    boolean feed(ByteBuf buf, int index, int length) {
        if (state == REJECT) {
            return false;
        }
        if (length == 0) {
            return true;
        }
        if (buf.nioBufferCount() == 1) {
            // One memory region: a ByteBuffer view reads without ByteBuf's per-access checks. The buffer's own
            // reused view, not a new one: a client checks a text frame per tick, and nioBuffer made 64 bytes of
            // garbage each time. It is only read here, on the decoding thread, and let go before this returns.
            return feed(buf.internalNioBuffer(index, length));
        }
        buf.forEachByte(index, length, step);
        return state != REJECT;
    }

    private boolean feed(ByteBuffer bytes) {
        int s = state;
        // internalNioBuffer(index, length) need not start at position 0.
        int i = bytes.position();
        int end = bytes.limit();
        int lastLong = end - Long.BYTES;
        while (i < end) {
            if (s == ACCEPT) {
                // Text on this feed is mostly ASCII JSON: skip it eight bytes at a time.
                while (i <= lastLong && (bytes.getLong(i) & HIGH_BITS) == 0) {
                    i += Long.BYTES;
                }
                if (i == end) {
                    break;
                }
            }
            s = NEXT[s * CLASSES + CLASS_OF[bytes.get(i) & 0xFF]];
            if (s == REJECT) {
                break;
            }
            i++;
        }
        state = s;
        return s != REJECT;
    }

    /** @return true if the bytes so far end between characters (no sequence left open, nothing rejected) */
    boolean isComplete() {
        return state == ACCEPT;
    }

    /** Forgets everything seen; the next byte starts a new stream. */
    void reset() {
        state = ACCEPT;
    }
}
