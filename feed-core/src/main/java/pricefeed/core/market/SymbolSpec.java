package pricefeed.core.market;

import java.util.Objects;

/**
 * A tradable symbol and how its prices are written.
 *
 * @param symbol   the ticker, e.g. {@code AAPL}; upper-case letters, digits, '.', '-' and '_', not only dots
 *                 (a URL path cannot name {@code .} or {@code ..}: clients normalise them away)
 * @param decimals how many digits every price of this symbol has after the point (0 to 8)
 */
public record SymbolSpec(String symbol, int decimals) {

    /** The most decimals a price may have; keeps scaled prices well inside a {@code long}. */
    public static final int MAX_DECIMALS = 8;
    /** The longest symbol. */
    public static final int MAX_SYMBOL_LENGTH = 32;

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

    public SymbolSpec {
        Objects.requireNonNull(symbol, "symbol");
        if (!hasValidLength(symbol)) {
            throw new IllegalArgumentException("symbol must have 1 to " + MAX_SYMBOL_LENGTH + " characters: " + symbol);
        }
        if (!hasOnlySymbolChars(symbol)) {
            throw new IllegalArgumentException("symbol has an invalid character: " + symbol);
        }
        if (isOnlyDots(symbol)) {
            throw new IllegalArgumentException("symbol must not be only dots (a URL cannot name it): " + symbol);
        }
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException("decimals must be 0.." + MAX_DECIMALS + ": " + decimals);
        }
    }

    /**
     * @param c a character or byte value
     * @return whether it may appear in a symbol
     */
    public static boolean isSymbolChar(int c) {
        return c >= 0 && c < SYMBOL_CHAR.length && SYMBOL_CHAR[c];
    }

    /**
     * @param symbol a candidate ticker
     * @return whether the constructor accepts it as a symbol
     */
    public static boolean isValidSymbol(String symbol) {
        return hasValidLength(symbol) && hasOnlySymbolChars(symbol) && !isOnlyDots(symbol);
    }

    private static boolean isOnlyDots(String symbol) {
        return symbol.chars().allMatch(c -> c == '.');
    }

    private static boolean hasValidLength(String symbol) {
        return !symbol.isEmpty() && symbol.length() <= MAX_SYMBOL_LENGTH;
    }

    private static boolean hasOnlySymbolChars(String symbol) {
        return symbol.chars().allMatch(SymbolSpec::isSymbolChar);
    }
}
