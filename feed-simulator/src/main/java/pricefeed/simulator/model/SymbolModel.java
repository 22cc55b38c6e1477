package pricefeed.simulator.model;

import java.util.SplittableRandom;
import pricefeed.core.market.Tick;

/**
 * One simulated symbol: its own random stream, price path, sequence and volume, and its next arrival
 * in operational time. Turns each arrival into a {@link Tick} on the symbol's tick grid.
 *
 * <p>Every tick draws from the stream in a fixed order (diffusion, jumps, spread, trade, size, next
 * arrival), so the k-th tick depends only on the seed, the symbol and its simulated event times.
 */
final class SymbolModel {

    private final SymbolParams base;
    private final String symbol;
    private final int decimals;
    private final long tickSize;
    private final double ticksPerUnit;
    private final int order;
    private final SplittableRandom random;
    private final PricePath path;
    private long seq;
    private long volume;
    private double lastEventSeconds;

    /** When the next arrival is due, in operational time; owned by the generator's queue. */
    double nextTau;
    /** Position in the event queue's heap, or -1. */
    int heapIndex = -1;

    /**
     * @param params        how to simulate it; its price is the starting mid
     * @param order         tie-breaker between arrivals due at the same instant: lower first
     * @param seed          the run's seed
     * @param jumpsPerHour  jump intensity per simulated hour
     * @param startSeconds  simulated time at which the symbol comes into existence
     * @param initialSeq    the seq of its initial state: 0, or for a symbol added again within a run,
     *                      one past its last, so that no seq of the run is used twice
     */
    SymbolModel(SymbolParams params, int order, long seed, double jumpsPerHour, double startSeconds,
                long initialSeq) {
        this.base = params;
        this.symbol = params.symbol();
        this.decimals = params.decimals();
        this.tickSize = params.tickSize();
        double scale = Math.pow(10, decimals);
        this.ticksPerUnit = scale / tickSize;
        this.order = order;
        this.random = RandomStreams.forSymbol(seed, symbol);
        this.path = new PricePath(params.price(), params.volatility(), params.drift(), jumpsPerHour,
                SymbolParams.minPrice(decimals, tickSize), SymbolParams.maxPrice(decimals));
        this.lastEventSeconds = startSeconds;
        this.seq = initialSeq;
    }

    /**
     * @param tsMicros the instant to stamp it with
     * @return the state before any tick: its initial seq (0 unless added again), the typical spread
     *         around the mid, no trade yet
     */
    Tick initialTick(long tsMicros) {
        double midTicks = path.mid() * ticksPerUnit;
        long spread = SpreadModel.spreadTicks(midTicks, path.volatility(), 0.5);
        long bid = SpreadModel.bidTicks(midTicks, spread);
        return new Tick(symbol, decimals, seq, tsMicros, bid * tickSize, (bid + spread) * tickSize,
                (bid + spread / 2) * tickSize, 0, 0);
    }

    /**
     * @param eventSeconds the arrival's simulated time; the path moves over the time since the previous one
     * @param tsMicros     the emission instant
     * @return the next tick
     */
    Tick tick(double eventSeconds, long tsMicros) {
        double dt = Math.max(0, eventSeconds - lastEventSeconds);
        lastEventSeconds = Math.max(lastEventSeconds, eventSeconds);
        double before = path.mid();
        path.step(dt, random);
        return quote(tsMicros, path.mid() - before);
    }

    /**
     * Moves the mid at once and quotes it, without a diffusion step: the next regular tick still
     * diffuses over the whole time since the previous regular one.
     *
     * @param fraction the relative move, greater than -1
     * @param tsMicros the emission instant
     * @return the tick showing the shocked price
     */
    Tick shock(double fraction, long tsMicros) {
        double before = path.mid();
        path.shock(fraction);
        return quote(tsMicros, path.mid() - before);
    }

    /** @return the seq of its latest tick (or of its initial state) */
    long seq() {
        return seq;
    }

    /** @return the gap to the next arrival in operational time: a unit-rate exponential */
    double drawInterArrival() {
        return random.nextExponential();
    }

    /** @return the current parameters, the current mid as the price */
    SymbolParams params() {
        return new SymbolParams(symbol, decimals, tickSize, path.mid(), path.volatility(), path.drift());
    }

    /** @return the parameters a restarted run begins with: the original price, today's volatility and drift */
    SymbolParams restartParams() {
        return new SymbolParams(symbol, decimals, tickSize, base.price(), path.volatility(), path.drift());
    }

    String symbol() {
        return symbol;
    }

    int decimals() {
        return decimals;
    }

    int order() {
        return order;
    }

    PricePath path() {
        return path;
    }

    private Tick quote(long tsMicros, double move) {
        double midTicks = path.mid() * ticksPerUnit;
        long spread = SpreadModel.spreadTicks(midTicks, path.volatility(), random.nextDouble());
        long bid = SpreadModel.bidTicks(midTicks, spread);
        long last = TradeModel.lastTicks(bid, spread, move, random);
        long size = TradeModel.size(random);
        seq++;
        volume += size;
        return new Tick(symbol, decimals, seq, tsMicros, bid * tickSize, (bid + spread) * tickSize,
                last * tickSize, size, volume);
    }
}
