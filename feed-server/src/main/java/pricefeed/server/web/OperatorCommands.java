package pricefeed.server.web;

import pricefeed.core.market.SymbolSpec;
import pricefeed.simulator.model.ModelConstants;
import pricefeed.simulator.model.SymbolParams;
import pricefeed.simulator.model.TickGenerator;

import java.math.BigDecimal;
import java.util.Set;

/**
 * The operator API's request bodies, read into what the simulator takes. Value ranges are the
 * simulator's own ({@link SymbolParams}, {@link TickGenerator#checkShock}); only what the API adds on top
 * (percent rather than fraction, tick size in price units, defaults) is checked here.
 */
final class OperatorCommands {

    /** Fields of {@code POST /api/simulator/symbols}. */
    static final Set<String> ADD_FIELDS = Set.of("symbol", "price", "decimals", "tickSize", "volatility", "drift");
    /** Fields of {@code PATCH /api/simulator/symbols/{symbol}}. */
    static final Set<String> CHANGE_FIELDS = Set.of("volatility", "drift");
    /** Fields of {@code PUT /api/simulator/rate}. */
    static final Set<String> RATE_FIELDS = Set.of("tickRate");
    /** Fields of {@code POST /api/simulator/shock}. */
    static final Set<String> SHOCK_FIELDS = Set.of("symbol", "percent");

    /** A new symbol's decimals when the body names none. */
    static final int DEFAULT_DECIMALS = 2;
    /** A new symbol's annualised volatility when the body names none (the dashboard's default too). */
    static final double DEFAULT_VOLATILITY = 0.3;
    /** A new symbol's annualised drift when the body names none. */
    static final double DEFAULT_DRIFT = 0.0;

    private static final double PERCENT = 100;

    /**
     * A change of one symbol's model; at least one value is set.
     *
     * @param volatility the new annualised volatility, or null to keep it
     * @param drift      the new annualised drift, or null to keep it
     */
    record Change(Double volatility, Double drift) {
    }

    /**
     * A shock.
     *
     * @param symbol   the symbol, or null for all
     * @param percent  the move in percent, e.g. -5
     */
    record Shock(String symbol, double percent) {
        /** @return the move as the simulator takes it, e.g. -0.05 */
        double fraction() {
            return percent / PERCENT;
        }
    }

    private OperatorCommands() {
    }

    /**
     * @param body {@code {"symbol":..,"price":..[,"decimals":..][,"tickSize":..][,"volatility":..][,"drift":..]}}
     * @return the new symbol's parameters, validated by the simulator's rules
     * @throws ApiError 400 naming the field at fault
     */
    static SymbolParams newSymbol(RequestBody body) {
        String symbol = body.requiredText("symbol");
        double price = body.requiredNumber("price");
        Integer decimalsField = body.integer("decimals");
        int decimals = decimalsField == null ? DEFAULT_DECIMALS : decimalsField;
        Double volatility = body.number("volatility");
        Double drift = body.number("drift");
        try {
            new SymbolSpec(symbol, decimals); // the name and the decimals first: the tick size depends on them
            return new SymbolParams(symbol, decimals, tickUnits(body.number("tickSize"), decimals), price,
                    volatility == null ? DEFAULT_VOLATILITY : volatility, drift == null ? DEFAULT_DRIFT : drift);
        } catch (IllegalArgumentException e) {
            throw SimulatorErrors.toApiError(e, ADD_FIELDS);
        }
    }

    /** A tick size in price units (0.05) to scaled units (5 at 2 decimals); default one unit. */
    private static long tickUnits(Double tickSize, int decimals) {
        if (tickSize == null) {
            return 1;
        }
        BigDecimal scaled = BigDecimal.valueOf(tickSize).movePointRight(decimals);
        if (scaled.signum() <= 0 || scaled.stripTrailingZeros().scale() > 0
                || scaled.compareTo(BigDecimal.valueOf(ModelConstants.MAX_TICK_SIZE)) > 0) {
            throw ApiError.badRequest("tickSize", "tickSize must be a positive multiple of "
                    + BigDecimal.ONE.movePointLeft(decimals).toPlainString() + " and at most "
                    + BigDecimal.valueOf(ModelConstants.MAX_TICK_SIZE).movePointLeft(decimals).toPlainString()
                    + ": " + tickSize);
        }
        return scaled.longValueExact();
    }

    /**
     * @param body {@code {"volatility":..}} and/or {@code {"drift":..}}
     * @return the change, both values checked by the simulator's rules
     * @throws ApiError 400 naming the field at fault, or {@code volatility} if the body has neither
     */
    static Change change(RequestBody body) {
        Change change = new Change(body.number("volatility"), body.number("drift"));
        if (change.volatility() == null && change.drift() == null) {
            throw ApiError.badRequest("volatility", "body needs volatility and/or drift");
        }
        try {
            // Both are checked before either is applied, so a bad drift cannot leave a changed volatility behind.
            if (change.volatility() != null) {
                SymbolParams.checkVolatility(change.volatility());
            }
            if (change.drift() != null) {
                SymbolParams.checkDrift(change.drift());
            }
        } catch (IllegalArgumentException e) {
            throw SimulatorErrors.toApiError(e, CHANGE_FIELDS);
        }
        return change;
    }

    /**
     * @param body {@code {"tickRate":..}}
     * @return the rate; its range is checked by the simulator
     * @throws ApiError 400 if it is missing or not a number
     */
    static double tickRate(RequestBody body) {
        return body.requiredNumber("tickRate");
    }

    /**
     * @param body {@code {"percent":..[,"symbol":..]}}; a missing, null or empty symbol means all
     * @return the shock
     * @throws ApiError 400 naming the field at fault
     */
    static Shock shock(RequestBody body) {
        String symbol = body.text("symbol");
        double percent = body.requiredNumber("percent");
        try {
            TickGenerator.checkShock(percent / PERCENT);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("percent", "percent must be greater than -100 and at most "
                    + BigDecimal.valueOf(ModelConstants.MAX_SHOCK * PERCENT).stripTrailingZeros().toPlainString()
                    + ": " + percent);
        }
        return new Shock(symbol == null || symbol.isEmpty() ? null : symbol, percent);
    }
}
