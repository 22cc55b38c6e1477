package pricefeed.simulator;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.simulator.model.SymbolParams;
import pricefeed.simulator.model.SymbolUniverse;
import pricefeed.simulator.model.TickGenerator;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The simulated market as a hot tick source, reproducible from its seed: the k-th tick of a symbol
 * (prices, size, volume) is the same for the same seed and configuration whatever the wall-clock
 * timing, batch period or scheduling, as long as no control change intervenes.
 *
 * <p>Every {@code batchPeriod} a task on the scheduler reads the clock once and emits the ticks that fell
 * due, in simulated-time order, each stamped with that reading ({@code ts}). Ticks leave from one thread
 * at a time. The fluxes are hot multicasts, best effort per subscriber: a subscriber that has not
 * requested enough misses ticks and never slows the generator. {@link #latest}, {@link #symbols},
 * {@link #epoch} and {@link #control()} are safe from any thread.
 *
 * <pre>{@code
 * try (MarketSimulator simulator = new MarketSimulator(SimulatorConfig.defaults().withSeed(7))) {
 *     simulator.ticks("AAPL").subscribe(tick -> ...);
 *     simulator.start();
 *     simulator.control().shock("AAPL", -0.05);
 * }
 * }</pre>
 */
public final class MarketSimulator implements AutoCloseable {

    private final Scheduler scheduler;
    private final boolean ownsScheduler;
    private final TickBus bus = new TickBus();
    private final SimulationEngine engine;
    private final SimulatorControl control;

    /**
     * A simulator in real time, on its own single daemon thread, stamping ticks with the system clock
     * at microsecond resolution.
     *
     * @param config how to run
     * @throws IllegalArgumentException if the symbol file cannot be used
     */
    public MarketSimulator(SimulatorConfig config) {
        this(config, Schedulers.newSingle("market-simulator", true), true, MicrosClock.SYSTEM);
    }

    /**
     * A simulator in real time, on its own single thread made by {@code threadFactory}, stamping ticks with
     * the system clock at microsecond resolution; for a caller that needs a thread of its own kind, since
     * whatever subscribes to the ticks runs on it.
     *
     * @param config        how to run
     * @param threadFactory makes the simulator's one thread
     * @throws IllegalArgumentException if the symbol file cannot be used
     */
    public MarketSimulator(SimulatorConfig config, ThreadFactory threadFactory) {
        this(config, Schedulers.newSingle(threadFactory), true, MicrosClock.SYSTEM);
    }

    /**
     * A simulator on the given scheduler and its clock ({@code scheduler.now(MICROSECONDS)}), e.g. a
     * {@code VirtualTimeScheduler} in tests. The scheduler is not disposed on {@link #close()}.
     *
     * @param config    how to run
     * @param scheduler where batches run, and the clock ticks are stamped with
     * @throws IllegalArgumentException if the symbol file cannot be used
     */
    public MarketSimulator(SimulatorConfig config, Scheduler scheduler) {
        this(config, scheduler, false, () -> scheduler.now(TimeUnit.MICROSECONDS));
    }

    private MarketSimulator(SimulatorConfig config, Scheduler scheduler, boolean ownsScheduler, MicrosClock clock) {
        this.scheduler = scheduler;
        this.ownsScheduler = ownsScheduler;
        try {
            List<SymbolParams> universe = config.symbolFile() != null
                    ? SymbolUniverse.fromFile(config.symbolFile())
                    : SymbolUniverse.firstN(config.symbols());
            TickGenerator generator = new TickGenerator(universe, config.tickRate(), config.seed(),
                    config.jumpIntensity());
            this.engine = new SimulationEngine(generator, scheduler, config.batchPeriod(), clock, bus);
            this.control = new EngineControl(engine, bus);
        } catch (RuntimeException e) {
            if (ownsScheduler) {
                scheduler.dispose();
            }
            throw e;
        }
    }

    /**
     * Starts emitting ticks; simulated time runs from now (unless paused).
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        engine.start();
    }

    /** Stops emitting and completes every flux; disposes the scheduler if the simulator made it. Idempotent. */
    @Override
    public void close() {
        engine.close();
        if (ownsScheduler) {
            scheduler.dispose();
        }
    }

    /**
     * @return wall time, in total and in microseconds, that the simulator skipped instead of simulating:
     *         stalls over the catch-up limit, and the backlog of a tick rate this machine cannot keep up
     *         with. Zero while it keeps up. Thread-safe.
     */
    public long skippedMicros() {
        return engine.skippedMicros();
    }

    /** @return the current run's name: eight hex digits, random, new on every {@link #restart()} */
    public String epoch() {
        return engine.epoch();
    }

    /**
     * Starts a new run: a new epoch, every symbol back at its original price with seq 0, ticks from seq 1
     * again. Emits {@link SymbolEvent.EpochChanged} before the first tick of the new run. Volatility,
     * drift, rate, pause state and the symbol set are kept.
     *
     * @return the run this call started: its epoch, which {@link #epoch()} may no longer be if another restart
     *         followed at once, and every symbol's parameters at its start
     */
    public NewRun restart() {
        return engine.restart();
    }

    /** @return every tick of every symbol, hot, in generation order; completes on {@link #close()} */
    public Flux<Tick> ticks() {
        return bus.ticks();
    }

    /**
     * @param symbol a simulated symbol
     * @return that symbol's ticks, hot; completes when it is removed or the simulator closes
     * @throws IllegalArgumentException naming the symbol if it is not simulated
     */
    public Flux<Tick> ticks(String symbol) {
        return bus.ticks(symbol);
    }

    /** @return additions, removals and restarts, hot, in order with the ticks */
    public Flux<SymbolEvent> symbolEvents() {
        return bus.events();
    }

    /** @return the simulated symbols in stable order: the universe's, then additions */
    public List<SymbolSpec> symbols() {
        return engine.symbols();
    }

    /**
     * @param symbol a symbol name
     * @return its latest tick; before its first one, its initial state (seq 0, or one past its last if it was removed and added again in this run); empty if not simulated
     */
    public Optional<Tick> latest(String symbol) {
        return bus.latest(symbol);
    }

    /** @return the run-time control of this simulator */
    public SimulatorControl control() {
        return control;
    }
}
