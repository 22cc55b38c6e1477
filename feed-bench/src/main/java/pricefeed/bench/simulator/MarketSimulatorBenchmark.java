package pricefeed.bench.simulator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import pricefeed.simulator.MarketSimulator;
import pricefeed.simulator.SimulatorConfig;

/**
 * Ticks per second through the whole simulator on one thread: batches of 1 ms of simulated time at
 * a million ticks a second over 100 symbols, generated and emitted to the all-ticks flux and the
 * per-symbol fluxes, each with one unbounded subscriber. The {@code ticks} counter is the figure;
 * the primary score counts batches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MarketSimulatorBenchmark {

    private static final long BATCH_MICROS = 1_000;

    private ManualScheduler scheduler;
    private MarketSimulator simulator;

    /** Counts what the subscriber received, reported by JMH per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Received {
        /** Ticks received by the all-ticks subscriber. */
        public long ticks;

        /** JMH does not reset auxiliary counters itself. */
        @Setup(Level.Iteration)
        public void reset() {
            ticks = 0;
        }
    }

    /**
     * @param received the counter
     * @param blackhole sinks every tick so nothing is optimised away
     */
    @Setup(Level.Trial)
    public void setUp(Received received, Blackhole blackhole) {
        scheduler = new ManualScheduler();
        simulator = new MarketSimulator(SimulatorConfig.defaults().withSymbols(100).withTickRate(1_000_000)
                .withBatchPeriod(Duration.ofMillis(1)), scheduler);
        simulator.ticks().subscribe(tick -> {
            received.ticks++;
            blackhole.consume(tick);
        });
        simulator.symbols().forEach(spec -> simulator.ticks(spec.symbol()).subscribe(blackhole::consume));
        simulator.start();
    }

    /** Closes the simulator. */
    @TearDown(Level.Trial)
    public void tearDown() {
        simulator.close();
    }

    /** One batch: a millisecond of simulated time, about a thousand ticks. */
    @Benchmark
    public void batch() {
        scheduler.runBatchAfter(BATCH_MICROS);
    }
}
