package pricefeed.simulator.load;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The load client's hot path: reads a {@code tick} or {@code snapshot} message's kind, symbol, seq and
 * {@code ts} by matching the exact layout the server writes, the way {@code TickHeader.peek} does and with
 * the same answers, but turns the symbol into a {@link SymbolTable} id instead of a String, so a tick costs
 * no allocation. Anything laid out differently is "not a tick" and goes to the full parser.
 *
 * <p>One scanner per event loop; the fields of the last successful {@link #scan} are read directly.
 */
final class TickScanner {

    private static final byte[] TICK_PREFIX = ascii("{\"type\":\"tick\",\"symbol\":\"");
    private static final byte[] SNAPSHOT_PREFIX = ascii("{\"type\":\"snapshot\",\"symbol\":\"");
    private static final byte[] SEQ = ascii("\",\"seq\":");
    private static final byte[] TS = ascii(",\"ts\":");
    /** The longest symbol the protocol allows (SymbolSpec). */
    private static final int MAX_SYMBOL_LENGTH = 32;
    /** At most 18 digits: any such number fits a long without an overflow check. */
    private static final int MAX_DIGITS = 18;
    /** The furthest into a message the header reaches: longest prefix, symbol, seq and ts, and a comma. */
    static final int MAX_HEADER_LENGTH = SNAPSHOT_PREFIX.length + MAX_SYMBOL_LENGTH + SEQ.length + MAX_DIGITS
            + TS.length + MAX_DIGITS + 1;

    /** Which ASCII characters may appear in a symbol: {@code [A-Z0-9._-]}. */
    private static final boolean[] SYMBOL_CHAR = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            SYMBOL_CHAR[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            SYMBOL_CHAR[c] = true;
        }
        SYMBOL_CHAR['.'] = true;
        SYMBOL_CHAR['-'] = true;
        SYMBOL_CHAR['_'] = true;
    }

    private final SymbolTable symbols;
    private final byte[] b = new byte[MAX_HEADER_LENGTH];

    /** Last scan: whether it was a snapshot (else a live tick). */
    boolean snapshot;
    /** Last scan: the symbol's id, or {@link SymbolTable#UNTRACKED}. */
    int symbolId;
    /** Last scan: the seq. */
    long seq;
    /** Last scan: the {@code ts}, µs since the Unix epoch. */
    long tsMicros;

    /** @param symbols the event loop's symbol ids */
    TickScanner(SymbolTable symbols) {
        this.symbols = symbols;
    }

    /**
     * @param message one whole text message; neither consumed nor released
     * @return whether it is a tick or snapshot in the server's layout; if so, the fields hold its header
     */
    boolean scan(ByteBuf message) {
        int end = Math.min(message.readableBytes(), MAX_HEADER_LENGTH);
        message.getBytes(message.readerIndex(), b, 0, end);
        int i;
        boolean isSnapshot;
        if (matches(0, end, TICK_PREFIX)) {
            isSnapshot = false;
            i = TICK_PREFIX.length;
        } else if (matches(0, end, SNAPSHOT_PREFIX)) {
            isSnapshot = true;
            i = SNAPSHOT_PREFIX.length;
        } else {
            return false;
        }
        int symbolStart = i;
        int symbolEnd = Math.min(end, symbolStart + MAX_SYMBOL_LENGTH);
        int h = 0;
        while (i < symbolEnd && isSymbolChar(b[i])) {
            h = 31 * h + b[i++];
        }
        if (i == symbolStart || !matches(i, end, SEQ)) {
            return false;
        }
        int symbolLength = i - symbolStart;
        i += SEQ.length;
        int seqStart = i;
        long n = 0;
        while (i < end && i - seqStart < MAX_DIGITS && isDigit(b[i])) {
            n = n * 10 + b[i++] - '0';
        }
        if (i == seqStart || !matches(i, end, TS)) {
            return false;
        }
        long parsedSeq = n;
        i += TS.length;
        int tsStart = i;
        n = 0;
        while (i < end && i - tsStart < MAX_DIGITS && isDigit(b[i])) {
            n = n * 10 + b[i++] - '0';
        }
        if (i == tsStart || i >= end || b[i] != ',') {
            return false;
        }
        snapshot = isSnapshot;
        symbolId = symbols.intern(b, symbolStart, symbolLength, SymbolTable.spread(h));
        seq = parsedSeq;
        tsMicros = n;
        return true;
    }

    private boolean matches(int index, int end, byte[] expected) {
        if (end - index < expected.length) {
            return false;
        }
        for (int j = 0; j < expected.length; j++) {
            if (b[index + j] != expected[j]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSymbolChar(byte c) {
        return c >= 0 && SYMBOL_CHAR[c];
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
