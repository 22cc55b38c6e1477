package pricefeed.server.stream;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The per-connection timers: a ping every {@code pingInterval}, and "idle" once nothing arrived from the
 * peer for {@code idleTimeout}. Pure timing logic on a {@link Scheduler} (a {@code VirtualTimeScheduler}
 * in tests); the callbacks run on the scheduler's thread and must be thread-safe.
 *
 * <p>Both deadlines share one timer, re-armed for whichever comes first, because an idle server holds one
 * of these per connection. Activity is recorded from any thread with a single volatile write, so the hot
 * read path stays cheap; the timer reads it when it fires instead of being moved on every read.
 *
 * <p>Time this process did not run is not held against the peer. A timer that fires late means the
 * process was stopped, paused by the collector, or starved, and so was the event loop that would have
 * read the peer's frames: they may be waiting unread in the socket. So a check more than 100 ms late moves
 * the last activity on by its lateness; without that, every connection of a server paused past the idle timeout
 * was closed the moment it ran again.
 */
final class KeepAlive implements Disposable {

    private enum State { NEW, RUNNING, EXPIRED, STOPPED }

    /**
     * Lateness that means the process did not run, rather than ordinary timer jitter: forgiving jitter too
     * would stretch every idle timeout by a few milliseconds per check.
     */
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final VarHandle LAST_ACTIVITY;

    static {
        try {
            LAST_ACTIVITY = MethodHandles.lookup().findVarHandle(KeepAlive.class, "lastActivity", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long pingNanos;
    private final long idleNanos;
    private final Scheduler scheduler;
    private final Runnable ping;
    private final Runnable idle;
    private volatile State state = State.NEW;
    private volatile long lastActivity;
    /** Confined to the timer: start() arms the first check, each check arms the next. */
    private long nextPing;
    /** When the armed check is due; confined to the timer like {@link #nextPing}. */
    private long checkDue;
    private volatile Disposable timer;

    /**
     * @param pingInterval how often {@code ping} runs
     * @param idleTimeout  how long without activity before {@code idle} runs (once; then the timer stops)
     * @param scheduler    where the timer runs
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

    /** Starts the timer; activity counts from now. */
    synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("keep-alive already started");
        }
        long now = now();
        lastActivity = now;
        nextPing = now + pingNanos;
        state = State.RUNNING;
        arm(now, Math.min(pingNanos, idleNanos));
    }

    /** Something (any frame or byte) arrived from the peer. */
    void activity() {
        lastActivity = now();
    }

    private void check() {
        if (state != State.RUNNING) {
            return;
        }
        long now = now();
        long late = now - checkDue;
        if (late > STALL_NANOS) {
            forgive(late, now);
        }
        long idleAt = lastActivity + idleNanos;
        if (now - idleAt >= 0) {
            if (expire()) {
                idle.run();
            }
            return;
        }
        if (now - nextPing >= 0) {
            nextPing += pingNanos;
            if (nextPing - now <= 0) {
                nextPing = now + pingNanos; // the timer ran late: one ping, not a burst of them
            }
            ping.run();
        }
        arm(now, Math.min(nextPing, idleAt) - now);
    }

    /** Moves the last activity on by time the process did not run, but never past now. */
    private void forgive(long lateNanos, long now) {
        long seen = lastActivity;
        long moved = Math.min(seen + lateNanos, now);
        // A read that recorded activity meanwhile wrote a later time than this would: keep that one.
        LAST_ACTIVITY.compareAndSet(this, seen, moved);
    }

    private synchronized boolean expire() {
        if (state != State.RUNNING) {
            return false;
        }
        state = State.EXPIRED;
        return true;
    }

    private synchronized void arm(long now, long delayNanos) {
        if (state == State.RUNNING) {
            checkDue = now + delayNanos;
            timer = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private long now() {
        return scheduler.now(TimeUnit.NANOSECONDS);
    }

    /** Stops the timer; neither callback runs afterwards. */
    @Override
    public void dispose() {
        Disposable armed;
        synchronized (this) {
            state = State.STOPPED;
            armed = timer;
        }
        if (armed != null) {
            armed.dispose();
        }
    }

    @Override
    public boolean isDisposed() {
        State s = state;
        return s == State.STOPPED || s == State.EXPIRED;
    }
}
