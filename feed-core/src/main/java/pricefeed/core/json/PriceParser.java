package pricefeed.core.json;

/**
 * Reads a price written by {@link PriceWriter} back to its scaled long, from the decimal text itself (never
 * through a double): the number of digits after the point is the price's decimals. Accepts only
 * {@code -?[0-9]+(\.[0-9]+)?}; an exponent or anything else is malformed.
 */
final class PriceParser {

    private PriceParser() {
    }

    /** The most digits after the point we read: more cannot be scaled into a long with integer digits left. */
    static final int MAX_DECIMALS = 18;

    /**
     * @return the digits after the point, 0 when there is no point
     * @throws MalformedMessage if the text is not a plain decimal
     */
    static int decimals(char[] text, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (i < end && text[i] == '-') {
            i++;
        }
        int integerStart = i;
        while (i < end && isDigit(text[i])) {
            i++;
        }
        if (i == integerStart) {
            throw malformed(text, offset, length);
        }
        if (i == end) {
            return 0;
        }
        if (text[i] != '.') {
            throw malformed(text, offset, length);
        }
        int fractionStart = ++i;
        while (i < end && isDigit(text[i])) {
            i++;
        }
        int decimals = i - fractionStart;
        if (i != end || decimals == 0 || decimals > MAX_DECIMALS) {
            throw malformed(text, offset, length);
        }
        return decimals;
    }

    /**
     * @return the value with the point removed, e.g. {@code 18910} for {@code 189.10}
     * @throws MalformedMessage if the text is not a plain decimal or does not fit a long
     */
    static long scaled(char[] text, int offset, int length) {
        decimals(text, offset, length); // validates the shape
        int end = offset + length;
        boolean negative = text[offset] == '-';
        // Accumulate on the negative side, where Long.MIN_VALUE fits.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long value = 0;
        for (int i = negative ? offset + 1 : offset; i < end; i++) {
            char c = text[i];
            if (c == '.') {
                continue;
            }
            int digit = c - '0';
            if (value < limit / 10 || value * 10 < limit + digit) {
                throw new MalformedMessage("price does not fit a long: " + new String(text, offset, length));
            }
            value = value * 10 - digit;
        }
        return negative ? value : -value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static MalformedMessage malformed(char[] text, int offset, int length) {
        return new MalformedMessage("price is not a plain decimal: "
                + ClientMessageReader.quote(new String(text, offset, length)));
    }
}
