package pricefeed.simulator.model;

import java.util.SplittableRandom;

/**
 * The last trade of a tick: its price (at the bid, at the ask, or inside a wide spread, on the grid)
 * and its size (round lots, mostly small, sometimes a block).
 */
final class TradeModel {

    private TradeModel() {
    }

    /**
     * Draws two uniforms, always: where the trade prints, and on which side.
     *
     * @param bidTicks    the bid, in ticks
     * @param spreadTicks the spread, in ticks
     * @param move        the mid's change since the previous tick; a rise favours buyers, who lift the ask
     * @param random      the symbol's own stream
     * @return the trade price in ticks, within [bid, ask]
     */
    static long lastTicks(long bidTicks, long spreadTicks, double move, SplittableRandom random) {
        double where = random.nextDouble();
        double side = random.nextDouble();
        if (spreadTicks >= 2 && where < ModelConstants.INSIDE_TRADE_PROBABILITY) {
            return bidTicks + 1 + (long) (side * (spreadTicks - 1));
        }
        double askProbability = 0.5 + ModelConstants.DIRECTION_BIAS * Math.signum(move);
        return side < askProbability ? bidTicks + spreadTicks : bidTicks;
    }

    /**
     * Draws one exponential and one uniform, always.
     *
     * @param random the symbol's own stream
     * @return a trade size, a positive multiple of {@link ModelConstants#LOT_SIZE}
     */
    static long size(SplittableRandom random) {
        long lots = 1 + (long) (random.nextExponential() * ModelConstants.LOT_SCALE);
        if (random.nextDouble() < ModelConstants.BLOCK_PROBABILITY) {
            lots *= ModelConstants.BLOCK_MULTIPLIER;
        }
        return lots * ModelConstants.LOT_SIZE;
    }
}
