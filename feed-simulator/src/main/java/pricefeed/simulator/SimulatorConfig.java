package pricefeed.simulator;

import java.nio.file.Path;
import java.time.Duration;
import pricefeed.simulator.model.ModelConstants;
import pricefeed.simulator.model.SymbolUniverse;
import pricefeed.simulator.model.TickGenerator;

/**
 * How a {@link MarketSimulator} runs. Validated on construction; use {@link #defaults()} and the
 * {@code with*} copies.
 *
 * @param symbols       how many symbols of the built-in universe to simulate, 1 to
 *                      {@link ModelConstants#MAX_SYMBOLS}; not used when {@code symbolFile} is set
 * @param tickRate      ticks per second over all symbols, greater than 0 and at most
 *                      {@link ModelConstants#MAX_TICK_RATE}
 * @param seed          makes every symbol's price path reproducible
 * @param jumpIntensity price jumps per symbol per simulated hour, 0 to {@link ModelConstants#MAX_JUMP_INTENSITY}
 * @param symbolFile    a CSV file that replaces the built-in universe with all of its symbols, or null
 * @param batchPeriod   how often the simulator emits the ticks that fell due, {@link #MIN_BATCH_PERIOD}
 *                      to {@link #MAX_BATCH_PERIOD}; null means {@link #DEFAULT_BATCH_PERIOD}
 */
public record SimulatorConfig(int symbols, double tickRate, long seed, double jumpIntensity, Path symbolFile,
                              Duration batchPeriod) {

    /** Default number of symbols. */
    public static final int DEFAULT_SYMBOLS = 50;
    /** Default ticks per second over all symbols. */
    public static final double DEFAULT_TICK_RATE = 1000;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;
    /** Default jumps per symbol per simulated hour. */
    public static final double DEFAULT_JUMP_INTENSITY = 0.5;
    /** Default emission period: 1 ms, so batching adds at most a millisecond of latency. */
    public static final Duration DEFAULT_BATCH_PERIOD = Duration.ofMillis(1);
    /** Shortest emission period: 100 µs. */
    public static final Duration MIN_BATCH_PERIOD = Duration.ofNanos(100_000);
    /** Longest emission period: 1 s. */
    public static final Duration MAX_BATCH_PERIOD = Duration.ofSeconds(1);
    /**
     * The most wall time one batch catches up on (or four batch periods, if longer). A longer gap, when
     * the process was suspended or the machine overloaded, is skipped rather than emitted as a burst.
     * At high rates the bound is tighter: one batch catches up on at most about 20,000 ticks (or four
     * batch periods, if more), so simulated time falls behind the wall clock when the machine cannot keep up.
     */
    public static final Duration MAX_CATCH_UP = Duration.ofSeconds(1);

    public SimulatorConfig {
        SymbolUniverse.checkCount(symbols);
        TickGenerator.checkTickRate(tickRate);
        TickGenerator.checkJumpIntensity(jumpIntensity);
        if (batchPeriod == null) {
            batchPeriod = DEFAULT_BATCH_PERIOD;
        }
        if (batchPeriod.compareTo(MIN_BATCH_PERIOD) < 0 || batchPeriod.compareTo(MAX_BATCH_PERIOD) > 0) {
            throw new IllegalArgumentException("batchPeriod must be " + MIN_BATCH_PERIOD + ".." + MAX_BATCH_PERIOD
                    + ": " + batchPeriod);
        }
    }

    /** @return 50 symbols, 1000 ticks/s, seed 42, 0.5 jumps an hour, the built-in universe, 1 ms batches */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_SYMBOLS, DEFAULT_TICK_RATE, DEFAULT_SEED, DEFAULT_JUMP_INTENSITY, null,
                DEFAULT_BATCH_PERIOD);
    }

    /**
     * @param count how many built-in symbols
     * @return a copy with that count
     */
    public SimulatorConfig withSymbols(int count) {
        return new SimulatorConfig(count, tickRate, seed, jumpIntensity, symbolFile, batchPeriod);
    }

    /**
     * @param ticksPerSecond ticks per second over all symbols
     * @return a copy with that rate
     */
    public SimulatorConfig withTickRate(double ticksPerSecond) {
        return new SimulatorConfig(symbols, ticksPerSecond, seed, jumpIntensity, symbolFile, batchPeriod);
    }

    /**
     * @param newSeed the seed
     * @return a copy with that seed
     */
    public SimulatorConfig withSeed(long newSeed) {
        return new SimulatorConfig(symbols, tickRate, newSeed, jumpIntensity, symbolFile, batchPeriod);
    }

    /**
     * @param jumpsPerHour jumps per symbol per simulated hour
     * @return a copy with that intensity
     */
    public SimulatorConfig withJumpIntensity(double jumpsPerHour) {
        return new SimulatorConfig(symbols, tickRate, seed, jumpsPerHour, symbolFile, batchPeriod);
    }

    /**
     * @param file a symbol file, or null for the built-in universe
     * @return a copy with that file
     */
    public SimulatorConfig withSymbolFile(Path file) {
        return new SimulatorConfig(symbols, tickRate, seed, jumpIntensity, file, batchPeriod);
    }

    /**
     * @param period the emission period
     * @return a copy with that period
     */
    public SimulatorConfig withBatchPeriod(Duration period) {
        return new SimulatorConfig(symbols, tickRate, seed, jumpIntensity, symbolFile, period);
    }
}
