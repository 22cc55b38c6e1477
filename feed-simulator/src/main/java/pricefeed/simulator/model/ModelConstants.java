package pricefeed.simulator.model;

/**
 * Every limit and shape parameter of the market model, in one place. The limits are public because
 * callers validate against them; the shape parameters tune how the simulated market looks.
 */
public final class ModelConstants {

    /**
     * Seconds in one trading year (252 days of 6.5 hours). Volatility and drift are annualised over
     * trading time, so a symbol with 30% volatility moves like a real one does during a session.
     */
    public static final double SECONDS_PER_YEAR = 252 * 6.5 * 3600;

    /** The highest annualised volatility a symbol may have (500%). */
    public static final double MAX_VOLATILITY = 5.0;

    /** The largest absolute annualised drift a symbol may have (1000%). */
    public static final double MAX_DRIFT = 10.0;

    /** The largest scaled price (value times 10^decimals); keeps prices and their sums far from overflow. */
    public static final long MAX_SCALED_PRICE = 1_000_000_000_000_000L;

    /**
     * The highest mid, and so the highest starting price, in scaled units: half of {@link #MAX_SCALED_PRICE},
     * so that the spread and a shock around it stay representable.
     */
    public static final long MAX_SCALED_MID = MAX_SCALED_PRICE / 2;

    /** The largest tick size, in scaled units. */
    public static final long MAX_TICK_SIZE = 1_000_000L;

    /** The most symbols one universe may hold. */
    public static final int MAX_SYMBOLS = 10_000;

    /** The highest total tick rate, over all symbols, in ticks per simulated second. */
    public static final double MAX_TICK_RATE = 5_000_000;

    /** The largest upward shock fraction (+1000%); downward shocks must stay above -1. */
    public static final double MAX_SHOCK = 10.0;

    /** The highest jump intensity, in jumps per symbol per simulated hour (one a second). */
    public static final double MAX_JUMP_INTENSITY = 3600;

    /** Shares (or units) in one round lot: every trade size is a multiple of it. */
    public static final long LOT_SIZE = 100;

    /** Relative spread of a symbol with zero volatility (0.5 basis point of the mid). */
    static final double SPREAD_BASE = 0.00005;

    /** Extra relative spread per unit of annualised volatility (2 basis points at 100%). */
    static final double SPREAD_PER_VOLATILITY = 0.0002;

    /** Each quote's spread is its typical width times a uniform factor in [1 - this, 1 + this). */
    static final double SPREAD_NOISE = 0.5;

    /** Share of trades that print strictly inside the spread when it is wider than one tick. */
    static final double INSIDE_TRADE_PROBABILITY = 0.1;

    /** How much a rising (falling) mid favours trades at the ask (bid): P(ask) = 0.5 +- this. */
    static final double DIRECTION_BIAS = 0.3;

    /** Trade size in lots is 1 + floor(Exp(1) * this): mostly 1 to 6 lots, mean about 3.5. */
    static final double LOT_SCALE = 3.0;

    /** Share of trades that are blocks. */
    static final double BLOCK_PROBABILITY = 0.02;

    /** A block trade's size is an ordinary size times this. */
    static final long BLOCK_MULTIPLIER = 20;

    /** Mean of a jump's log-return. */
    static final double JUMP_MEAN = 0.0;

    /** Standard deviation of a jump's log-return (about 1% moves). */
    static final double JUMP_STDEV = 0.01;

    /** E[e^J - 1]: subtracted from the drift so that jumps do not change the expected price path. */
    static final double JUMP_COMPENSATOR = Math.exp(JUMP_MEAN + 0.5 * JUMP_STDEV * JUMP_STDEV) - 1;

    /** Above this mean, jump counts are drawn from the normal approximation of the Poisson law. */
    static final double POISSON_NORMAL_THRESHOLD = 30;

    /** Seconds in one hour: jump intensity is given per simulated hour. */
    static final double SECONDS_PER_HOUR = 3600;

    /** Fixed seed of the generated symbols beyond the default list, so that they never depend on a run. */
    static final long GENERATED_SYMBOLS_SEED = 0x5EED_5EED_0000_0001L;

    /** Prefix of generated symbol names: {@code SYM101}, {@code SYM102}, ... */
    static final String GENERATED_PREFIX = "SYM";

    private ModelConstants() {
    }
}
