package pricefeed.core.market;

import java.util.Objects;

/**
 * A tradable symbol and how its prices are written.
 *
 * @param symbol   the ticker, e.g. {@code AAPL}; upper-case letters, digits, '.', '-' and '_'
 * @param decimals how many digits every price of this symbol has after the point (0 to 8)
 */
public record SymbolSpec(String symbol, int decimals) {

    /** The most decimals a price may have; keeps scaled prices well inside a {@code long}. */
    public static final int MAX_DECIMALS = 8;

    public SymbolSpec {
        Objects.requireNonNull(symbol, "symbol");
        if (symbol.isEmpty() || symbol.length() > 32) {
            throw new IllegalArgumentException("symbol must have 1 to 32 characters: " + symbol);
        }
        for (int i = 0; i < symbol.length(); i++) {
            char c = symbol.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("symbol has an invalid character: " + symbol);
            }
        }
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException("decimals must be 0.." + MAX_DECIMALS + ": " + decimals);
        }
    }
}
