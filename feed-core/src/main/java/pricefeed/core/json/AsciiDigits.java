package pricefeed.core.json;

/**
 * Decimal digits of longs straight into byte arrays, no String on the way. Works on the non-positive side of
 * the range so that {@link Long#MIN_VALUE} needs no special case, and emits two digits per division.
 */
final class AsciiDigits {

    private AsciiDigits() {
    }

    /** Longest decimal long: {@code -9223372036854775808}. */
    static final int MAX_LONG_LENGTH = 20;

    /** 10^0 .. 10^18. */
    static final long[] POW10 = new long[19];

    /** Tens digit of 0..99. */
    private static final byte[] TENS = new byte[100];
    /** Ones digit of 0..99. */
    private static final byte[] ONES = new byte[100];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    /**
     * @return the position after the digits (with a leading '-' for negative values)
     */
    static int writeLong(long value, byte[] dst, int pos) {
        long negative = value;
        if (value < 0) {
            dst[pos++] = '-';
        } else {
            negative = -value;
        }
        return writeMagnitude(negative, dst, pos);
    }

    /**
     * Writes the digits of {@code -negative} (no sign).
     *
     * @param negative a value {@code <= 0}
     * @return the position after the digits
     */
    static int writeMagnitude(long negative, byte[] dst, int pos) {
        int end = pos + digitCount(negative);
        fill(negative, dst, end);
        return end;
    }

    /**
     * Writes exactly {@code width} digits of {@code value}, zero-padded on the left.
     *
     * @param value 0 .. 10^width - 1
     * @param end   the position just after the last digit
     */
    static void fillFixed(int value, int width, byte[] dst, int end) {
        int start = end - width;
        while (end - start >= 2) {
            int q = value / 100;
            int r = value - q * 100;
            value = q;
            dst[--end] = ONES[r];
            dst[--end] = TENS[r];
        }
        if (end > start) {
            dst[--end] = (byte) ('0' + value);
        }
    }

    /** @return how many digits {@code -negative} has, 1 to 19 */
    static int digitCount(long negative) {
        long bound = -10;
        for (int digits = 1; digits < 19; digits++) {
            if (negative > bound) {
                return digits;
            }
            bound *= 10;
        }
        return 19;
    }

    /** Writes the digits of {@code -negative} backwards, ending just before {@code end}. */
    private static void fill(long negative, byte[] dst, int end) {
        long n = negative;
        while (n <= -100) {
            long q = n / 100;
            int r = (int) (q * 100 - n);
            n = q;
            dst[--end] = ONES[r];
            dst[--end] = TENS[r];
        }
        int r = (int) -n;
        if (r >= 10) {
            dst[--end] = ONES[r];
            dst[--end] = TENS[r];
        } else {
            dst[--end] = (byte) ('0' + r);
        }
    }
}
