package pricefeed.simulator.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

/**
 * The whole simulated market on a simulated clock: the superposition of one Poisson arrival process
 * per symbol (total rate {@code tickRate}, shared equally) and each symbol's price model. It knows
 * nothing of wall time or threads: the caller advances it and says which instant to stamp ticks with.
 *
 * <p>Not thread-safe: one caller at a time.
 */
public final class TickGenerator {

    private static final double MICROS_PER_SECOND = 1e6;
    /** Removed symbols whose last seq is remembered for the run; beyond it the oldest are forgotten. */
    static final int MAX_RETIRED = ModelConstants.MAX_SYMBOLS;

    private final long seed;
    private final double jumpIntensity;
    private final Map<String, SymbolModel> symbols = new LinkedHashMap<>();
    private final EventQueue queue = new EventQueue();
    private final ArrivalClock clock;
    // A seq is never used twice in a run (PROTOCOL.md section 4), so a symbol removed and added again
    // goes on from its last seq. Names forgotten beyond MAX_RETIRED are covered by the highest seq
    // forgotten: any symbol added after that starts above it.
    private final Map<String, Long> retiredSeqs = new LinkedHashMap<>();
    private long forgottenMaxSeq = -1;
    private double tickRate;
    private long simMicros;
    private int nextOrder;

    /**
     * Starts a run at simulated time 0.
     *
     * @param universe      the symbols, in the order {@link #specs()} reports them; names unique
     * @param tickRate      ticks per simulated second over all symbols
     * @param seed          the run's seed: the same seed gives every symbol the same path
     * @param jumpIntensity jumps per symbol per simulated hour, 0 for none
     */
    public TickGenerator(List<SymbolParams> universe, double tickRate, long seed, double jumpIntensity) {
        checkTickRate(tickRate);
        checkJumpIntensity(jumpIntensity);
        if (universe.size() > ModelConstants.MAX_SYMBOLS) {
            throw new IllegalArgumentException("symbols must be at most " + ModelConstants.MAX_SYMBOLS);
        }
        this.seed = seed;
        this.jumpIntensity = jumpIntensity;
        this.tickRate = tickRate;
        this.clock = new ArrivalClock(perSymbolRate(Math.max(1, universe.size())));
        for (SymbolParams params : universe) {
            if (symbols.containsKey(params.symbol())) {
                throw new IllegalArgumentException("duplicate symbol: " + params.symbol());
            }
            enqueue(params, 0);
        }
    }

    /**
     * Emits, in simulated time order, every tick due up to {@code untilMicros}.
     *
     * @param untilMicros simulated time to advance to, in microseconds; earlier than now is ignored
     * @param tsMicros    the emission instant every tick of this batch is stamped with
     * @param sink        receives the ticks; called after the generator is consistent again
     */
    public void advance(long untilMicros, long tsMicros, Consumer<Tick> sink) {
        advance(untilMicros, tsMicros, Long.MAX_VALUE, sink);
    }

    /**
     * Emits, in simulated time order, every tick due up to {@code untilMicros}, stamped with the emission
     * instant; a tick that fell due more than {@code graceMicros} before it is stamped that much earlier.
     * With the batch period as the grace, a tick that waited longer than a period for its batch (the process
     * stalled: a collector pause, a thread kept off its CPU) carries the instant its batch was due, so the
     * wait counts in every latency measured from {@code ts} instead of vanishing before the tick existed.
     *
     * @param untilMicros simulated time to advance to, in microseconds; earlier than now is ignored
     * @param tsMicros    the emission instant
     * @param graceMicros how long a tick may wait for its batch unseen
     * @param sink        receives the ticks; called after the generator is consistent again
     */
    public void advance(long untilMicros, long tsMicros, long graceMicros, Consumer<Tick> sink) {
        simMicros = Math.max(simMicros, untilMicros);
        double tauNow = clock.tauAt(simMicros / MICROS_PER_SECOND);
        for (SymbolModel next = queue.peek(); next != null && next.nextTau <= tauNow; next = queue.peek()) {
            double seconds = clock.secondsAt(next.nextTau);
            long waited = simMicros - (long) Math.ceil(seconds * MICROS_PER_SECOND);
            long late = waited > graceMicros ? waited - graceMicros : 0;
            sink.accept(fire(next, seconds, tsMicros - late));
        }
    }

    /**
     * Emits the next tick whenever it is due, moving simulated time up to it. For benchmarks and
     * statistical tests that need ticks without a clock.
     *
     * @param tsMicros the instant to stamp the tick with
     * @return the next tick in simulated time order
     * @throws IllegalStateException if there are no symbols
     */
    public Tick next(long tsMicros) {
        SymbolModel first = queue.peek();
        if (first == null) {
            throw new IllegalStateException("no symbols");
        }
        double seconds = clock.secondsAt(first.nextTau);
        simMicros = Math.max(simMicros, (long) Math.ceil(seconds * MICROS_PER_SECOND));
        return fire(first, seconds, tsMicros);
    }

    /** @return simulated time reached, in microseconds since the run began */
    public long simMicros() {
        return simMicros;
    }

    /**
     * @param tsMicros the instant to stamp them with
     * @return every symbol's state before its first tick (its initial seq), in universe order; meaningful only
     *         before any tick
     */
    public List<Tick> initialTicks(long tsMicros) {
        List<Tick> ticks = new ArrayList<>(symbols.size());
        for (SymbolModel model : symbols.values()) {
            ticks.add(model.initialTick(tsMicros));
        }
        return ticks;
    }

    /** @return the symbols in universe order (addition order) */
    public List<SymbolSpec> specs() {
        List<SymbolSpec> specs = new ArrayList<>(symbols.size());
        for (SymbolModel model : symbols.values()) {
            specs.add(new SymbolSpec(model.symbol(), model.decimals()));
        }
        return specs;
    }

    /** @return the current parameters of every symbol, the current mid as price, in universe order */
    public List<SymbolParams> parameters() {
        List<SymbolParams> params = new ArrayList<>(symbols.size());
        for (SymbolModel model : symbols.values()) {
            params.add(model.params());
        }
        return params;
    }

    /** @return ticks per simulated second over all symbols */
    public double tickRate() {
        return tickRate;
    }

    /**
     * Adds a symbol now; its first arrival follows its own exponential wait.
     *
     * @param params   the new symbol
     * @param tsMicros the instant to stamp its initial state with
     * @return its initial state: seq 0, or one past its last seq if it was removed earlier in this run
     * @throws IllegalArgumentException if it exists or the universe is full
     */
    public Tick add(SymbolParams params, long tsMicros) {
        if (symbols.containsKey(params.symbol())) {
            throw new IllegalArgumentException("symbol already exists: " + params.symbol());
        }
        if (symbols.size() >= ModelConstants.MAX_SYMBOLS) {
            throw new IllegalArgumentException("symbols must be at most " + ModelConstants.MAX_SYMBOLS);
        }
        clock.changeRate(nowSeconds(), perSymbolRate(symbols.size() + 1));
        Long retired = retiredSeqs.remove(params.symbol());
        long initialSeq = retired != null ? retired + 1 : forgottenMaxSeq + 1;
        return enqueue(params, initialSeq).initialTick(tsMicros);
    }

    /**
     * @param symbol a simulated symbol; the others' rates grow to keep the total rate
     * @throws IllegalArgumentException naming it if unknown
     */
    public void remove(String symbol) {
        SymbolModel model = require(symbol);
        symbols.remove(symbol);
        queue.remove(model);
        retiredSeqs.put(symbol, model.seq());
        if (retiredSeqs.size() > MAX_RETIRED) {
            var eldest = retiredSeqs.entrySet().iterator();
            forgottenMaxSeq = Math.max(forgottenMaxSeq, eldest.next().getValue());
            eldest.remove();
        }
        clock.changeRate(nowSeconds(), perSymbolRate(Math.max(1, symbols.size())));
    }

    /**
     * @param symbol     a simulated symbol
     * @param volatility the new annualised volatility
     * @throws IllegalArgumentException naming the symbol or the field
     */
    public void setVolatility(String symbol, double volatility) {
        SymbolParams.checkVolatility(volatility);
        require(symbol).path().volatility(volatility);
    }

    /**
     * @param symbol a simulated symbol
     * @param drift  the new annualised drift
     * @throws IllegalArgumentException naming the symbol or the field
     */
    public void setDrift(String symbol, double drift) {
        SymbolParams.checkDrift(drift);
        require(symbol).path().drift(drift);
    }

    /**
     * @param ticksPerSecond the new total tick rate, from now on
     * @throws IllegalArgumentException naming {@code tickRate} if out of range
     */
    public void setTickRate(double ticksPerSecond) {
        checkTickRate(ticksPerSecond);
        tickRate = ticksPerSecond;
        clock.changeRate(nowSeconds(), perSymbolRate(Math.max(1, symbols.size())));
    }

    /**
     * Moves a symbol's mid by a fraction at once and quotes it.
     *
     * @param symbol   a simulated symbol
     * @param fraction e.g. -0.05 for 5% down; greater than -1, at most {@link ModelConstants#MAX_SHOCK}
     * @param tsMicros the emission instant
     * @return the tick showing the move, with the next seq
     * @throws IllegalArgumentException naming the symbol or the field
     */
    public Tick shock(String symbol, double fraction, long tsMicros) {
        checkShock(fraction);
        return require(symbol).shock(fraction, tsMicros);
    }

    /**
     * @param fraction a candidate shock fraction
     * @throws IllegalArgumentException naming {@code fraction} if it is -1 or less, too large or not finite
     */
    public static void checkShock(double fraction) {
        if (!Double.isFinite(fraction) || fraction <= -1 || fraction > ModelConstants.MAX_SHOCK) {
            throw new IllegalArgumentException(
                    "fraction must be greater than -1 and at most " + ModelConstants.MAX_SHOCK + ": " + fraction);
        }
    }

    /**
     * @return a new run from simulated time 0 with the same seed, rate and symbols, each back at its
     *         original price with its current volatility and drift: it replays this run's paths as long
     *         as nothing is changed
     */
    public TickGenerator restarted() {
        List<SymbolParams> universe = new ArrayList<>(symbols.size());
        for (SymbolModel model : symbols.values()) {
            universe.add(model.restartParams());
        }
        return new TickGenerator(universe, tickRate, seed, jumpIntensity);
    }

    /** @return how many jumps the symbol's path has taken; for tests */
    long jumps(String symbol) {
        return require(symbol).path().jumps();
    }

    private Tick fire(SymbolModel model, double seconds, long tsMicros) {
        Tick tick = model.tick(seconds, tsMicros);
        model.nextTau += model.drawInterArrival();
        queue.firstRescheduled();
        return tick;
    }

    private SymbolModel enqueue(SymbolParams params, long initialSeq) {
        double now = nowSeconds();
        SymbolModel model = new SymbolModel(params, nextOrder++, seed, jumpIntensity, now, initialSeq);
        model.nextTau = clock.tauAt(now) + model.drawInterArrival();
        symbols.put(params.symbol(), model);
        queue.add(model);
        return model;
    }

    private SymbolModel require(String symbol) {
        SymbolModel model = symbol == null ? null : symbols.get(symbol);
        if (model == null) {
            throw new IllegalArgumentException("unknown symbol: " + symbol);
        }
        return model;
    }

    private double nowSeconds() {
        return simMicros / MICROS_PER_SECOND;
    }

    private double perSymbolRate(int count) {
        return tickRate / count;
    }

    /**
     * @param tickRate ticks per second over all symbols
     * @throws IllegalArgumentException unless it is above 0 and at most the model's maximum
     */
    public static void checkTickRate(double tickRate) {
        if (!Double.isFinite(tickRate) || tickRate <= 0 || tickRate > ModelConstants.MAX_TICK_RATE) {
            throw new IllegalArgumentException(
                    "tickRate must be greater than 0 and at most " + ModelConstants.MAX_TICK_RATE + ": " + tickRate);
        }
    }

    /**
     * @param jumpIntensity jumps per symbol per simulated hour
     * @throws IllegalArgumentException unless it is from 0 to the model's maximum
     */
    public static void checkJumpIntensity(double jumpIntensity) {
        if (!Double.isFinite(jumpIntensity) || jumpIntensity < 0
                || jumpIntensity > ModelConstants.MAX_JUMP_INTENSITY) {
            throw new IllegalArgumentException(
                    "jumpIntensity must be 0.." + ModelConstants.MAX_JUMP_INTENSITY + ": " + jumpIntensity);
        }
    }
}
