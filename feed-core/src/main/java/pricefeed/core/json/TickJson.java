package pricefeed.core.json;

import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

import java.nio.charset.StandardCharsets;

/**
 * The hot path: a tick or snapshot message written byte by byte into an array, from pre-encoded field names
 * and digits, with no allocation. Produces exactly
 * {@code {"type":"tick","symbol":"AAPL","seq":1235,"ts":1763712000124001,"bid":189.12,"ask":189.15,"last":189.15,"size":300,"volume":1523700}}.
 *
 * <p>The symbol is copied without JSON escaping: {@code SymbolSpec} admits only {@code [A-Z0-9._-]}, none of
 * which JSON escapes. Ticks do not go through {@code SymbolSpec}, so each character is still checked while
 * copied; anything else is our own bug and fails with {@link IllegalArgumentException} rather than
 * corrupting the stream.
 */
final class TickJson {

    private TickJson() {
    }

    /** The longest symbol {@code SymbolSpec} accepts; sizes {@link #MAX_LENGTH}. */
    static final int MAX_SYMBOL_LENGTH = SymbolSpec.MAX_SYMBOL_LENGTH;

    static final byte[] TICK_PREFIX = ascii("{\"type\":\"tick\",\"symbol\":\"");
    static final byte[] SNAPSHOT_PREFIX = ascii("{\"type\":\"snapshot\",\"symbol\":\"");
    static final byte[] SEQ = ascii("\",\"seq\":");
    static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] BID = ascii(",\"bid\":");
    private static final byte[] ASK = ascii(",\"ask\":");
    private static final byte[] LAST = ascii(",\"last\":");
    private static final byte[] SIZE = ascii(",\"size\":");
    private static final byte[] VOLUME = ascii(",\"volume\":");

    /** The longest tick or snapshot message: every number at its longest, the longest symbol. */
    static final int MAX_LENGTH = SNAPSHOT_PREFIX.length + MAX_SYMBOL_LENGTH
            + SEQ.length + AsciiDigits.MAX_LONG_LENGTH
            + TS.length + AsciiDigits.MAX_LONG_LENGTH
            + BID.length + PriceWriter.MAX_LENGTH
            + ASK.length + PriceWriter.MAX_LENGTH
            + LAST.length + PriceWriter.MAX_LENGTH
            + SIZE.length + AsciiDigits.MAX_LONG_LENGTH
            + VOLUME.length + AsciiDigits.MAX_LONG_LENGTH
            + 1;

    /**
     * @param tick     the tick
     * @param snapshot true for a {@code snapshot} message, false for a {@code tick}
     * @param dst      where to write; needs {@link #MAX_LENGTH} bytes from {@code pos}
     * @param pos      where to start
     * @return the position after the closing brace
     */
    static int write(Tick tick, boolean snapshot, byte[] dst, int pos) {
        int decimals = tick.decimals();
        PriceWriter.checkDecimals(decimals);
        pos = put(snapshot ? SNAPSHOT_PREFIX : TICK_PREFIX, dst, pos);
        pos = putSymbol(tick.symbol(), dst, pos);
        pos = put(SEQ, dst, pos);
        pos = AsciiDigits.writeLong(tick.seq(), dst, pos);
        pos = put(TS, dst, pos);
        pos = AsciiDigits.writeLong(tick.tsMicros(), dst, pos);
        pos = put(BID, dst, pos);
        pos = PriceWriter.write(tick.bid(), decimals, dst, pos);
        pos = put(ASK, dst, pos);
        pos = PriceWriter.write(tick.ask(), decimals, dst, pos);
        pos = put(LAST, dst, pos);
        pos = PriceWriter.write(tick.last(), decimals, dst, pos);
        pos = put(SIZE, dst, pos);
        pos = AsciiDigits.writeLong(tick.size(), dst, pos);
        pos = put(VOLUME, dst, pos);
        pos = AsciiDigits.writeLong(tick.volume(), dst, pos);
        dst[pos++] = '}';
        return pos;
    }

    private static int putSymbol(String symbol, byte[] dst, int pos) {
        int length = symbol.length();
        if (length == 0 || length > MAX_SYMBOL_LENGTH) {
            throw new IllegalArgumentException("tick symbol must have 1 to " + MAX_SYMBOL_LENGTH
                    + " characters: " + symbol);
        }
        for (int i = 0; i < length; i++) {
            char c = symbol.charAt(i);
            if (!SymbolSpec.isSymbolChar(c)) {
                throw new IllegalArgumentException("tick symbol has a character outside [A-Z0-9._-]: " + symbol);
            }
            dst[pos++] = (byte) c;
        }
        return pos;
    }

    static int put(byte[] constant, byte[] dst, int pos) {
        System.arraycopy(constant, 0, dst, pos, constant.length);
        return pos + constant.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
