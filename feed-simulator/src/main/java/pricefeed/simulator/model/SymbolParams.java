package pricefeed.simulator.model;

import java.math.BigDecimal;
import java.util.Objects;
import pricefeed.core.market.SymbolSpec;

/**
 * How one symbol is simulated. Validated on construction, so a {@code SymbolParams} is always usable.
 *
 * @param symbol     the ticker, with the characters {@link SymbolSpec} allows
 * @param decimals   digits after the point of every price (0 to {@link SymbolSpec#MAX_DECIMALS})
 * @param tickSize   the price increment in scaled units: 1 is 0.01 at 2 decimals, 5 is 0.05
 * @param price      the reference price as a plain number (e.g. {@code 189.5}): the starting mid when a
 *                   symbol is created; the current mid when read back from a running simulator
 * @param volatility annualised volatility, 0 to {@link ModelConstants#MAX_VOLATILITY} (0.3 = 30%)
 * @param drift      annualised drift, within +-{@link ModelConstants#MAX_DRIFT} (0.05 = 5% a year)
 */
public record SymbolParams(String symbol, int decimals, long tickSize, double price, double volatility,
                           double drift) {

    public SymbolParams {
        Objects.requireNonNull(symbol, "symbol");
        new SymbolSpec(symbol, decimals); // validates the name and the decimals
        if (tickSize < 1 || tickSize > ModelConstants.MAX_TICK_SIZE) {
            throw new IllegalArgumentException("tickSize must be 1.." + ModelConstants.MAX_TICK_SIZE + ": " + tickSize);
        }
        if (!Double.isFinite(price) || price <= 0) {
            throw new IllegalArgumentException("price must be positive: " + price);
        }
        if (price < minPrice(decimals, tickSize)) {
            throw new IllegalArgumentException("price must be at least one tick: " + price);
        }
        // The path's ceiling: a larger start would silently begin lower.
        if (price > maxPrice(decimals)) {
            throw new IllegalArgumentException("price is too large for " + decimals + " decimals: "
                    + BigDecimal.valueOf(price).toPlainString() + " (at most "
                    + BigDecimal.valueOf(ModelConstants.MAX_SCALED_MID, decimals).toPlainString() + ")");
        }
        checkVolatility(volatility);
        checkDrift(drift);
    }

    /**
     * The price path's floor. The path clamps its mid to exactly this value, and a running symbol's parameters
     * carry its mid, so the check above must compare against the same double, not a rescaled one.
     *
     * @param decimals digits after the point
     * @param tickSize the price increment in scaled units
     * @return one tick as a plain number
     */
    public static double minPrice(int decimals, long tickSize) {
        return tickSize / Math.pow(10, decimals);
    }

    /**
     * @param decimals digits after the point
     * @return the price path's ceiling as a plain number, {@link ModelConstants#MAX_SCALED_MID} scaled units
     */
    public static double maxPrice(int decimals) {
        return ModelConstants.MAX_SCALED_MID / Math.pow(10, decimals);
    }

    /**
     * @param volatility a candidate annualised volatility
     * @throws IllegalArgumentException naming {@code volatility} if it is negative, too large or not finite
     */
    public static void checkVolatility(double volatility) {
        if (!Double.isFinite(volatility) || volatility < 0 || volatility > ModelConstants.MAX_VOLATILITY) {
            throw new IllegalArgumentException(
                    "volatility must be 0.." + ModelConstants.MAX_VOLATILITY + ": " + volatility);
        }
    }

    /**
     * @param drift a candidate annualised drift
     * @throws IllegalArgumentException naming {@code drift} if it is too large or not finite
     */
    public static void checkDrift(double drift) {
        if (!Double.isFinite(drift) || Math.abs(drift) > ModelConstants.MAX_DRIFT) {
            throw new IllegalArgumentException(
                    "drift must be within +-" + ModelConstants.MAX_DRIFT + ": " + drift);
        }
    }

    /** @return the symbol and its decimals, as the wire knows it */
    public SymbolSpec spec() {
        return new SymbolSpec(symbol, decimals);
    }

    /**
     * @param newPrice the new reference price
     * @return a copy with that price
     */
    public SymbolParams withPrice(double newPrice) {
        return new SymbolParams(symbol, decimals, tickSize, newPrice, volatility, drift);
    }

    /**
     * @param newVolatility the new annualised volatility
     * @return a copy with that volatility
     */
    public SymbolParams withVolatility(double newVolatility) {
        return new SymbolParams(symbol, decimals, tickSize, price, newVolatility, drift);
    }

    /**
     * @param newDrift the new annualised drift
     * @return a copy with that drift
     */
    public SymbolParams withDrift(double newDrift) {
        return new SymbolParams(symbol, decimals, tickSize, price, volatility, newDrift);
    }
}
