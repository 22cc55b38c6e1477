package pricefeed.server.stream;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The per-connection timers: a ping every {@code pingInterval}, and "idle" once nothing arrived from the
 * peer for {@code idleTimeout}. Pure timing logic on a {@link Scheduler} (a {@code VirtualTimeScheduler}
 * in tests); the callbacks run on the scheduler's thread and must be thread-safe. Activity is recorded
 * from any thread with a single volatile write, so the hot read path stays cheap; the idle check re-arms
 * itself for the remaining time instead of firing on every read.
 */
final class KeepAlive implements Disposable {

    private enum State { NEW, RUNNING, EXPIRED, STOPPED }

    private final long pingNanos;
    private final long idleNanos;
    private final Scheduler scheduler;
    private final Runnable ping;
    private final Runnable idle;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final Disposable.Swap pingTask = Disposables.swap();
    private final Disposable.Swap idleTask = Disposables.swap();
    private volatile long lastActivity;

    /**
     * @param pingInterval how often {@code ping} runs
     * @param idleTimeout  how long without activity before {@code idle} runs (once; then the timers stop)
     * @param scheduler    where the timers run
     * @param ping         sends a ping
     * @param idle         closes the idle connection
     */
    KeepAlive(Duration pingInterval, Duration idleTimeout, Scheduler scheduler, Runnable ping, Runnable idle) {
        this.pingNanos = pingInterval.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ping = Objects.requireNonNull(ping, "ping");
        this.idle = Objects.requireNonNull(idle, "idle");
    }

    /** Starts both timers; activity counts from now. */
    void start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("keep-alive already started");
        }
        lastActivity = now();
        pingTask.update(scheduler.schedulePeriodically(this::ping, pingNanos, pingNanos, TimeUnit.NANOSECONDS));
        idleTask.update(scheduler.schedule(this::checkIdle, idleNanos, TimeUnit.NANOSECONDS));
    }

    /** Something (any frame or byte) arrived from the peer. */
    void activity() {
        lastActivity = now();
    }

    private void ping() {
        if (state.get() == State.RUNNING) {
            ping.run();
        }
    }

    private void checkIdle() {
        long quiet = now() - lastActivity;
        if (quiet < idleNanos) {
            idleTask.update(scheduler.schedule(this::checkIdle, idleNanos - quiet, TimeUnit.NANOSECONDS));
            return;
        }
        if (state.compareAndSet(State.RUNNING, State.EXPIRED)) {
            pingTask.dispose();
            idle.run();
        }
    }

    private long now() {
        return scheduler.now(TimeUnit.NANOSECONDS);
    }

    /** Stops both timers; neither callback runs afterwards. */
    @Override
    public void dispose() {
        state.set(State.STOPPED);
        pingTask.dispose();
        idleTask.dispose();
    }

    @Override
    public boolean isDisposed() {
        State s = state.get();
        return s == State.STOPPED || s == State.EXPIRED;
    }
}
