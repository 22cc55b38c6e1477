package pricefeed.simulator.model;

/**
 * Places the bid and ask on the tick grid around a mid: the spread is at least one tick and grows
 * with the price and the volatility, with some noise from quote to quote. All values are in ticks.
 */
final class SpreadModel {

    private SpreadModel() {
    }

    /**
     * @param midTicks   the mid, in ticks
     * @param volatility annualised volatility
     * @param noise      a uniform draw in [0, 1); 0.5 gives the typical width
     * @return the spread in ticks, at least 1
     */
    static long spreadTicks(double midTicks, double volatility, double noise) {
        double relative = ModelConstants.SPREAD_BASE + ModelConstants.SPREAD_PER_VOLATILITY * volatility;
        double factor = 1 - ModelConstants.SPREAD_NOISE + 2 * ModelConstants.SPREAD_NOISE * noise;
        return Math.max(1, Math.round(midTicks * relative * factor));
    }

    /**
     * @param midTicks    the mid, in ticks
     * @param spreadTicks the spread, in ticks
     * @return the bid in ticks: the grid point that centres the spread on the mid, at least 1
     */
    static long bidTicks(double midTicks, long spreadTicks) {
        return Math.max(1, (long) Math.floor(midTicks - spreadTicks / 2.0 + 0.5));
    }
}
