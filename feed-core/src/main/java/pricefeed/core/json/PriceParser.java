package pricefeed.core.json;

/**
 * Reads a price written by {@link PriceWriter} back to its scaled long, from the decimal text itself (never
 * through a double): the number of digits after the point is the price's decimals. Accepts only
 * {@code -?[0-9]+(\.[0-9]+)?} with at most {@value #MAX_DECIMALS} decimals; an exponent or anything else is
 * malformed.
 */
final class PriceParser {

    private PriceParser() {
    }

    /** The most digits after the point we read: more cannot be scaled into a long with integer digits left. */
    static final int MAX_DECIMALS = 18;

    /**
     * Finds the point only; {@link #scaled} checks the rest of the text, so call both.
     *
     * @return the digits after the point, 0 when there is no point
     */
    static int decimals(char[] text, int offset, int length) {
        for (int i = offset + length - 1; i >= offset; i--) {
            if (text[i] == '.') {
                return offset + length - 1 - i;
            }
        }
        return 0;
    }

    /**
     * @return the value with the point removed, e.g. {@code 18910} for {@code 189.10}
     * @throws MalformedMessage if the text is not a plain decimal or does not fit a long
     */
    static long scaled(char[] text, int offset, int length) {
        int end = offset + length;
        int i = offset;
        boolean negative = i < end && text[i] == '-';
        if (negative) {
            i++;
        }
        // Accumulate on the negative side, where Long.MIN_VALUE fits; the bound is hoisted out of the loop
        // because a division by a variable per digit would cost more than everything else here.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long beforeLastDigit = limit / 10;
        long value = 0;
        int digits = 0;
        int point = -1;
        for (; i < end; i++) {
            char c = text[i];
            if (c == '.' && point < 0 && digits > 0) {
                point = i;
                continue;
            }
            int digit = c - '0';
            if (digit < 0 || digit > 9) {
                throw malformed(text, offset, length);
            }
            if (value < beforeLastDigit || value * 10 < limit + digit) {
                throw new MalformedMessage("price does not fit a long: " + new String(text, offset, length));
            }
            value = value * 10 - digit;
            digits++;
        }
        int decimals = point < 0 ? 0 : end - point - 1;
        if (digits == 0 || (point >= 0 && decimals == 0) || decimals > MAX_DECIMALS) {
            throw malformed(text, offset, length);
        }
        return negative ? value : -value;
    }

    private static MalformedMessage malformed(char[] text, int offset, int length) {
        return new MalformedMessage("price is not a plain decimal: "
                + ParseProblems.quote(new String(text, offset, length)));
    }
}
