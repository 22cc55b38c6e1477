package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import pricefeed.core.market.SymbolSpec;

import java.nio.charset.StandardCharsets;

/**
 * Writes a scaled price ({@code value / 10^decimals}) as a JSON number with exactly {@code decimals} digits after
 * the point, trailing zeros kept and never an exponent: {@code (18910, 2)} is {@code 189.10}, {@code (5, 2)} is
 * {@code 0.05}, {@code (-5, 2)} is {@code -0.05}, and with 0 decimals there is no point. The result equals
 * {@code BigDecimal.valueOf(scaled, decimals).toPlainString()}, written as ASCII without building a String.
 */
public final class PriceWriter {

    private PriceWriter() {
    }

    /** The longest price text: a sign, the 19 digits of a long and a point. */
    public static final int MAX_LENGTH = AsciiDigits.MAX_LONG_LENGTH + 1;

    /**
     * @param scaled   the price times 10^decimals
     * @param decimals digits after the point, 0..{@value SymbolSpec#MAX_DECIMALS}
     * @param dst      where to write; needs up to {@link #MAX_LENGTH} bytes from {@code pos}
     * @param pos      where to start
     * @return the position after the last byte written
     */
    public static int write(long scaled, int decimals, byte[] dst, int pos) {
        checkDecimals(decimals);
        long negative = scaled;
        if (scaled < 0) {
            dst[pos++] = '-';
        } else {
            negative = -scaled;
        }
        if (decimals == 0) {
            return AsciiDigits.writeMagnitude(negative, dst, pos);
        }
        long unit = AsciiDigits.POW10[decimals];
        long integerPart = negative / unit;
        int fraction = (int) (integerPart * unit - negative);
        pos = AsciiDigits.writeMagnitude(integerPart, dst, pos);
        dst[pos++] = '.';
        AsciiDigits.fillFixed(fraction, decimals, dst, pos + decimals);
        return pos + decimals;
    }

    /**
     * Appends the price at the writer index.
     *
     * @param scaled   the price times 10^decimals
     * @param decimals digits after the point, 0..{@value SymbolSpec#MAX_DECIMALS}
     * @param out      where to append it
     */
    public static void write(long scaled, int decimals, ByteBuf out) {
        checkDecimals(decimals);
        byte[] scratch = Scratch.get();
        out.writeBytes(scratch, 0, write(scaled, decimals, scratch, 0));
    }

    /**
     * @param scaled   the price times 10^decimals
     * @param decimals digits after the point, 0..{@value SymbolSpec#MAX_DECIMALS}
     * @return the price as text, e.g. for logs and the dashboard (allocates)
     */
    public static String toString(long scaled, int decimals) {
        byte[] text = new byte[MAX_LENGTH];
        return new String(text, 0, write(scaled, decimals, text, 0), StandardCharsets.US_ASCII);
    }

    static void checkDecimals(int decimals) {
        if (decimals < 0 || decimals > SymbolSpec.MAX_DECIMALS) {
            throw new IllegalArgumentException("decimals must be 0.." + SymbolSpec.MAX_DECIMALS + ": " + decimals);
        }
    }
}
