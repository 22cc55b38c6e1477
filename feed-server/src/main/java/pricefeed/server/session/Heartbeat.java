package pricefeed.server.session;

import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Sends a heartbeat on a connection that had no other message for the interval. Instead of a fixed
 * period, each check is scheduled for the moment the connection would have been quiet for a whole
 * interval, so a busy connection costs one timer per interval and never gets a heartbeat. Used by stream
 * sessions and by SSE streams.
 */
public final class Heartbeat {

    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final LongSupplier lastSentNanos;
    private final Runnable send;
    private volatile Disposable next;
    private volatile boolean stopped;

    /**
     * @param scheduler     where checks run (the connection's event loop; virtual time in tests)
     * @param interval      the quiet time after which a heartbeat goes out
     * @param clock         monotonic nanoseconds (the fan-out's clock; virtual time in tests)
     * @param lastSentNanos when the connection last sent anything, on {@code clock}
     * @param send          sends one heartbeat (and so moves {@code lastSentNanos})
     */
    public Heartbeat(Scheduler scheduler, Duration interval, LongSupplier clock, LongSupplier lastSentNanos, Runnable send) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.intervalNanos = interval.toNanos();
        this.lastSentNanos = lastSentNanos;
        this.send = send;
    }

    /** Arms the first check, one interval from now. */
    public void start() {
        schedule(intervalNanos);
    }

    /** No heartbeat is sent from now on. */
    public void stop() {
        stopped = true;
        Disposable d = next;
        if (d != null) {
            d.dispose();
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        long quiet = clock.getAsLong() - lastSentNanos.getAsLong();
        if (quiet >= intervalNanos) {
            send.run();
            schedule(intervalNanos);
        } else {
            schedule(intervalNanos - quiet);
        }
    }

    private void schedule(long delayNanos) {
        if (!stopped) {
            next = scheduler.schedule(this::check, delayNanos, TimeUnit.NANOSECONDS);
        }
    }
}
