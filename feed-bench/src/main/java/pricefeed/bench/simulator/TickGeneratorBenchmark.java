package pricefeed.bench.simulator;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import pricefeed.core.market.Tick;
import pricefeed.simulator.model.SymbolUniverse;
import pricefeed.simulator.model.TickGenerator;

/**
 * Ticks per second that one thread can generate for 100 symbols: the full model (Poisson arrivals,
 * GBM with jumps, tick-grid quotes, trades) against the trivial random walk. One operation is one tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TickGeneratorBenchmark {

    private static final int SYMBOLS = 100;
    private static final long TS = 1_763_712_000_000_000L;

    private TickGenerator generator;
    private RandomWalkTicks baseline;

    /** Fresh sources per trial. */
    @Setup
    public void setUp() {
        generator = new TickGenerator(SymbolUniverse.firstN(SYMBOLS), 1_000_000, 42, 0.5);
        baseline = new RandomWalkTicks(SYMBOLS, 42);
    }

    /** @return the next tick of the market model */
    @Benchmark
    public Tick generator() {
        return generator.next(TS);
    }

    /** @return the next tick of the trivial random walk */
    @Benchmark
    public Tick baselineRandomWalk() {
        return baseline.next(TS);
    }
}
