package pricefeed.simulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.simulator.model.TickGenerator;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Runs the generator against the wall clock: a periodic batch on the scheduler emits every tick that
 * fell due, with one clock reading per batch. One lock serialises batches, control changes and
 * restarts, so ticks leave from one thread at a time and a change never lands in the middle of a batch.
 */
final class SimulationEngine {

    private static final Logger LOG = LoggerFactory.getLogger(SimulationEngine.class);
    /**
     * Most ticks one batch catches up on, unless the rate puts more than that in four batch periods. A
     * batch holds the lock that control changes wait for, so at a rate this machine cannot keep up with,
     * a batch that caught up on the whole second of backlog would keep an operator waiting for seconds
     * (setting the rate back down took up to 26 s at 5,000,000 ticks/s). Past this bound the backlog is
     * skipped: simulated time runs slower than the wall clock, which at such a rate it does anyway.
     */
    static final long MAX_CATCH_UP_TICKS = 20_000;

    /** Lifecycle of the engine; pausing is separate and allowed in any state but CLOSED. */
    enum State { NEW, RUNNING, CLOSED }

    /** A change applied under the lock, after the ticks due until {@code nowMicros} went out. */
    @FunctionalInterface
    interface Change {
        void apply(TickGenerator generator, long nowMicros);
    }

    /** At most one "fell behind" warning per minute. */
    private static final long SKIP_WARNING_INTERVAL_MICROS = 60_000_000;
    /** Less skipped than this is not worth a warning (a tick rate just above what the machine does). */
    private static final long SKIP_WARNING_MIN_MICROS = 100_000;
    /** Nor is less than 1 / this of the time since the last warning (or the start). */
    private static final long SKIP_WARNING_SHARE = 100;
    /**
     * Nor is anything skipped in the simulator's first 5 s: a stall then is the JVM starting (class loading,
     * the JIT, the server's private warm-up), not a rate the machine cannot keep up with. It is still counted,
     * and warned about with what follows if skipping goes on after.
     */
    private static final long SKIP_WARNING_GRACE_MICROS = 5_000_000;

    // Fair: the ticker, when behind, takes the lock again at once after each batch, and an operator's change
    // or read waiting for it lost the race batch after batch (up to 1.3 s at 1 M ticks/s on a busy machine).
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Scheduler scheduler;
    private final Duration batchPeriod;
    /** How long a tick may wait for its batch before its {@code ts} is set back to when the batch was due. */
    private final long batchPeriodMicros;
    private final MicrosClock clock;
    /** When this simulator was made, on its clock: the start of the warnings' grace period. */
    private final long createdMicros;
    private final TickBus bus;
    private final Timeline timeline;
    private final Consumer<Tick> publisher;
    /** Read by metrics from any thread; written under the lock. */
    private volatile long skippedMicros;
    /** Since the last warning, or the start: what was skipped is judged against this span. */
    private long skipWindowStartMicros;
    private long skippedAtWindowStart;
    private int skipWarnings;
    private TickGenerator generator;
    private State state = State.NEW;
    private Disposable batches;
    private volatile boolean paused;
    private volatile String epoch;
    private volatile List<SymbolSpec> symbols;

    /**
     * @param generator   the run to drive, at simulated time 0
     * @param scheduler   where batches run
     * @param batchPeriod how often they run
     * @param clock       the wall clock ticks are stamped with
     * @param bus         where ticks and events go
     */
    SimulationEngine(TickGenerator generator, Scheduler scheduler, Duration batchPeriod, MicrosClock clock,
                     TickBus bus) {
        this.generator = generator;
        this.scheduler = scheduler;
        this.batchPeriod = batchPeriod;
        this.batchPeriodMicros = Math.max(1, batchPeriod.toNanos() / 1_000);
        this.clock = clock;
        this.bus = bus;
        this.publisher = bus::publish;
        long maxGap = Math.max(SimulatorConfig.MAX_CATCH_UP.toNanos(), 4 * batchPeriod.toNanos()) / 1_000;
        this.timeline = new Timeline(maxGap);
        this.epoch = Epochs.next(null);
        long now = clock.nowMicros();
        createdMicros = now;
        skipWindowStartMicros = now;
        generator.initialTicks(now).forEach(bus::open);
        refreshSymbols();
    }

    /**
     * For tests of the lock's fairness: a change or read queued behind a batch is seen from inside it.
     *
     * @param thread a thread that may be waiting for the engine
     * @return whether it is waiting for the engine's lock now
     */
    boolean isWaiting(Thread thread) {
        return lock.hasQueuedThread(thread);
    }

    /** Starts the periodic batches; simulated time runs from now unless paused. */
    void start() {
        lock.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException("simulator already " + (state == State.RUNNING ? "started" : "closed"));
            }
            state = State.RUNNING;
            if (!paused) {
                timeline.run(clock.nowMicros());
            }
            long period = batchPeriod.toNanos();
            batches = scheduler.schedulePeriodically(this::runBatch, period, period, TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** Stops the batches and completes every flux. Idempotent. */
    void close() {
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            if (batches != null) {
                batches.dispose();
            }
            bus.complete();
        } finally {
            lock.unlock();
        }
    }

    /** One batch: read the clock once, emit everything due until then. */
    void runBatch() {
        lock.lock();
        try {
            if (state == State.RUNNING) {
                emitDue(clock.nowMicros());
            }
        } catch (RuntimeException e) {
            // A subscriber broke the Reactive Streams rules by throwing; the generator is consistent, go on.
            LOG.error("tick batch failed", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies a change after emitting what fell due under the old settings.
     *
     * @param change what to do, with the generator and the current instant
     */
    void change(Change change) {
        lockForChange();
        try {
            change.apply(generator, emitDue(clock.nowMicros()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param query what to read from the generator
     * @param <T>   the result type
     * @return the result, read consistently with batches and changes
     */
    <T> T read(Function<TickGenerator, T> query) {
        lock.lock();
        try {
            return query.apply(generator);
        } finally {
            lock.unlock();
        }
    }

    /** Stops simulated time after emitting what fell due. */
    void pause() {
        change((g, now) -> {
            if (!paused) {
                paused = true;
                timeline.stop(now);
            }
        });
    }

    /** Lets simulated time run again from where it stopped. */
    void resume() {
        change((g, now) -> {
            if (paused) {
                paused = false;
                if (state == State.RUNNING) {
                    timeline.run(now);
                }
            }
        });
    }

    /**
     * Starts a new run: new epoch, every symbol back at its initial state, seqs from 1 again.
     *
     * @return the new run's epoch and starting parameters (another restart may have followed by the time the
     *         caller reads {@link #epoch()})
     */
    NewRun restart() {
        NewRun[] made = new NewRun[1];
        change((old, now) -> {
            generator = old.restarted();
            timeline.restart();
            epoch = Epochs.next(epoch);
            generator.initialTicks(now).forEach(bus::reset);
            made[0] = new NewRun(epoch, generator.parameters());
            bus.announce(new SymbolEvent.EpochChanged(epoch));
        });
        return made[0];
    }

    /** Re-reads the symbol list after an addition or removal; call from inside a change. */
    void refreshSymbols() {
        symbols = List.copyOf(generator.specs());
    }

    /** @return the current run's name */
    String epoch() {
        return epoch;
    }

    /** @return the current symbols in universe order */
    List<SymbolSpec> symbols() {
        return symbols;
    }

    /** @return whether simulated time is stopped by {@link #pause()} */
    boolean paused() {
        return paused;
    }

    private long emitDue(long nowMicros) {
        if (state == State.RUNNING) {
            generator.advance(timeline.advance(nowMicros, catchUpMicros()), nowMicros, batchPeriodMicros, publisher);
            noteSkipped(nowMicros);
        }
        return nowMicros;
    }

    /**
     * Makes falling behind visible: {@link #skippedMicros()} for metrics, and a warning when at least
     * {@link #SKIP_WARNING_MIN_MICROS} and 1 / {@link #SKIP_WARNING_SHARE} of the time since the last one
     * (or the start) was skipped, at most once per {@link #SKIP_WARNING_INTERVAL_MICROS} after the first.
     * Under the lock.
     */
    private void noteSkipped(long nowMicros) {
        long total = timeline.skippedMicros();
        if (total == skippedMicros) {
            return;
        }
        skippedMicros = total;
        long skipped = total - skippedAtWindowStart;
        long elapsed = nowMicros - skipWindowStartMicros;
        // A share of the time, not a sum: rare pauses over months at a high rate are not "falling behind".
        if (skipped >= SKIP_WARNING_MIN_MICROS && skipped >= elapsed / SKIP_WARNING_SHARE
                && nowMicros - createdMicros >= SKIP_WARNING_GRACE_MICROS
                && (skipWarnings == 0 || elapsed >= SKIP_WARNING_INTERVAL_MICROS)) {
            LOG.warn("simulator fell behind the wall clock: skipped {} ms of simulated time, {} ms in all (a tick"
                            + " rate of {}/s this machine cannot keep up with, or a stalled process)",
                    skipped / 1_000, total / 1_000, Math.round(generator.tickRate()));
            skipWarnings++;
            skipWindowStartMicros = nowMicros;
            skippedAtWindowStart = total;
        }
    }

    /** @return how many "fell behind" warnings were logged; for tests */
    int skipWarnings() {
        lock.lock();
        try {
            return skipWarnings;
        } finally {
            lock.unlock();
        }
    }

    /** @return wall time the simulator skipped instead of simulating it, in total, in microseconds */
    long skippedMicros() {
        return skippedMicros;
    }

    /** @return the most simulated time one batch may cover at the current rate (see {@link #MAX_CATCH_UP_TICKS}) */
    private long catchUpMicros() {
        long fourPeriods = 4 * batchPeriod.toNanos() / 1_000;
        double rate = generator.tickRate();
        long forTicks = rate > 0 ? (long) (MAX_CATCH_UP_TICKS * 1_000_000 / rate) : Long.MAX_VALUE;
        return Math.max(fourPeriods, forTicks);
    }

    private void lockForChange() {
        lock.lock();
        if (lock.getHoldCount() > 1) {
            lock.unlock();
            throw new IllegalStateException("the simulator cannot be changed from inside a tick or event subscriber");
        }
        if (state == State.CLOSED) {
            lock.unlock();
            throw new IllegalStateException("simulator closed");
        }
    }
}
