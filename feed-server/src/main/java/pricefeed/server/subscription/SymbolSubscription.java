package pricefeed.server.subscription;

import reactor.core.Disposable;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One connection's subscription to one symbol, and its conflation. Unthrottled, every tick goes
 * straight to the connection. Throttled, at most one tick per interval goes out: a tick arriving
 * after a quiet interval is sent at once; ticks inside the interval replace each other in a single
 * pending slot that a timer sends at the interval's end, so the newest tick of a burst always
 * arrives by then.
 */
public final class SymbolSubscription {

    private final Subscriber subscriber;
    private final String symbol;
    private final LongSupplier nanoClock;
    private volatile long throttleNanos;
    /** {@link #catchUpSeq()} of a subscription whose snapshot is still to be sent. */
    static final long SNAPSHOT = -1;
    /**
     * {@link #catchUpSeq()} of a subscription that is to start from the symbol's first state, with every tick
     * since replayed: a symbol that appeared while the connection held {@code *}, or a resume from the seq just
     * before that state (the last seq before a symbol was removed and added again).
     */
    static final long SINCE_OPEN = -2;

    // Guarded by the symbol's feed lock: the next seq the catch-up will replay, SNAPSHOT, SINCE_OPEN, or 0
    // when live.
    // While catching up, live ticks are not delivered: the snapshot or the history the catch-up
    // reads will cover them.
    private long catchUpSeq;
    // Conflation state; written by the fan-out thread and the timer, guarded by this.
    private OutFrame pending;
    private long lastSentNanos;
    // The armed flush of the pending tick, or null. Disposed when it is no longer wanted, so a closed
    // connection is not kept reachable by timers for up to a whole interval; the generation makes a
    // flush that was already running when it was replaced do nothing.
    private Disposable timer;
    private long timerGeneration;
    private boolean cancelled;
    // Guarded by the symbol's feed lock: where this subscription sits in the feed's SubscriptionSet, or -1.
    private int slot = -1;

    SymbolSubscription(Subscriber subscriber, String symbol, int throttleMs, LongSupplier nanoClock) {
        this.subscriber = subscriber;
        this.symbol = symbol;
        this.nanoClock = nanoClock;
        this.throttleNanos = TimeUnit.MILLISECONDS.toNanos(throttleMs);
    }

    /** @return the symbol */
    public String symbol() {
        return symbol;
    }

    /** @return this subscription's index in its feed's {@link SubscriptionSet}, or -1; call under the feed's lock */
    int slot() {
        return slot;
    }

    /** @param slot the new index in the feed's {@link SubscriptionSet}, or -1; call under the feed's lock */
    void slot(int slot) {
        this.slot = slot;
    }

    /** @return the connection */
    Subscriber subscriber() {
        return subscriber;
    }

    /**
     * The latest subscribe for a symbol sets its throttle, also for a tick it holds. Going unthrottled
     * sends a pending conflated tick first: it is older than anything the fan-out delivers from now on,
     * so it must not follow them. A shorter interval releases it at the end of the new one (at once if
     * that has passed); a longer one lets it go at the end of the interval it was held for.
     *
     * @param throttleMs 0 for every tick, else the conflation interval
     */
    synchronized void throttle(int throttleMs) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(throttleMs);
        if (nanos == 0 && pending != null) {
            disarm();
            OutFrame older = pending;
            pending = null;
            lastSentNanos = nanoClock.getAsLong();
            subscriber.offer(older.releasedAt(lastSentNanos));
        } else if (pending != null && nanos < throttleNanos) {
            arm(Math.max(0, lastSentNanos + nanos - nanoClock.getAsLong()));
        }
        // Written last: once the fan-out reads 0 here, no conflated tick is left behind.
        this.throttleNanos = nanos;
    }

    /**
     * @return the next seq the catch-up will replay, {@link #SNAPSHOT}, {@link #SINCE_OPEN}, or 0 when live; call
     *         under the feed's lock
     */
    long catchUpSeq() {
        return catchUpSeq;
    }

    /** @param seq the next seq the catch-up replays, {@link #SNAPSHOT} or {@link #SINCE_OPEN}; call under the feed's lock */
    void catchUpAt(long seq) {
        catchUpSeq = seq;
    }

    /**
     * The catch-up is over (its snapshot or the end of its replay was just queued, or there was nothing
     * to replay): live ticks go out from now on, and the first throttle interval starts. Call under the
     * feed's lock.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     */
    synchronized void live(long nowNanos) {
        catchUpSeq = 0;
        lastSentNanos = nowNanos;
    }

    /**
     * Sends or conflates a tick, or skips it while a catch-up is under way (its snapshot or replay
     * will cover it). Called by the fan-out under the symbol's lock.
     *
     * @param frame the shared tick frame; this method retains what it keeps
     */
    void deliver(OutFrame frame) {
        if (catchUpSeq != 0) {
            return;
        }
        if (throttleNanos == 0) {
            frame.bytes().retain();
            subscriber.offer(frame);
            return;
        }
        long now = frame.createdNanos();
        synchronized (this) {
            if (cancelled) {
                return;
            }
            long throttle = throttleNanos;
            if (throttle == 0 || (pending == null && timer == null && now - lastSentNanos >= throttle)) {
                lastSentNanos = now;
                frame.bytes().retain();
                subscriber.offer(frame);
                return;
            }
            if (pending != null) {
                pending.bytes().release();
            }
            frame.bytes().retain();
            pending = frame;
            if (timer == null) {
                arm(Math.max(0, lastSentNanos + throttle - now));
            }
        }
    }

    /** Arms the flush of the pending tick, replacing one already armed; call under this. */
    private void arm(long delayNanos) {
        disarm();
        long generation = timerGeneration;
        Disposable armed = subscriber.timers().schedule(() -> flushPending(generation), delayNanos,
                TimeUnit.NANOSECONDS);
        if (generation == timerGeneration) {
            timer = armed; // unless it already ran: a scheduler may run a task that is due at once inline
        }
    }

    /** Drops the armed flush, if any; call under this. */
    private void disarm() {
        timerGeneration++;
        if (timer != null) {
            timer.dispose();
            timer = null;
        }
    }

    private synchronized void flushPending(long generation) {
        if (generation != timerGeneration) {
            return; // replaced or disarmed while it was about to run
        }
        timerGeneration++;
        // Offered under this lock, like every other delivery of this subscription: a new epoch's
        // snapshot (restart) must not be overtaken by a conflated tick of the old epoch.
        timer = null;
        OutFrame send = pending;
        pending = null;
        if (send == null || cancelled) {
            return;
        }
        lastSentNanos = nanoClock.getAsLong();
        subscriber.offer(send.releasedAt(lastSentNanos));
    }

    /**
     * The old run ends: a conflated tick of it still pending is sent at once, as the newest of its run (its
     * interval is cut short, not skipped), then {@code endOfRun} if given, and any catch-up ends. Call under
     * the feed's lock, before the new epoch's snapshot.
     *
     * @param endOfRun where the old run ended, for a subscription still catching up (null for one that is
     *                 live); takes one reference of its bytes
     * @param nowNanos the current {@link System#nanoTime()}
     */
    synchronized void endRun(OutFrame endOfRun, long nowNanos) {
        disarm();
        if (pending != null) {
            OutFrame held = pending;
            pending = null;
            subscriber.offer(held.releasedAt(nowNanos));
        }
        if (endOfRun != null) {
            subscriber.offer(endOfRun);
        }
        live(nowNanos);
    }

    /**
     * A new epoch: sends its snapshot, which starts the next throttle interval. Call under the feed's lock,
     * after {@link #endRun}.
     *
     * @param snapshot the restarted symbol's snapshot; takes one reference of its bytes
     * @param nowNanos the current {@link System#nanoTime()}
     */
    synchronized void restart(OutFrame snapshot, long nowNanos) {
        live(nowNanos);
        subscriber.offer(snapshot);
    }

    /** @return whether this subscription was cancelled (its symbol went away or it was dropped) */
    synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Stops conflation and releases a pending tick. */
    synchronized void cancel() {
        cancelled = true;
        disarm();
        if (pending != null) {
            pending.bytes().release();
            pending = null;
        }
    }
}
