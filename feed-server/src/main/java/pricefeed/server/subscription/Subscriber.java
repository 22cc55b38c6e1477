package pricefeed.server.subscription;

import reactor.core.scheduler.Scheduler;

/**
 * A connection as the fan-out sees it: somewhere to put frames, a clock for conflation timers, and
 * a prompt to pull the catch-ups (snapshots, replays) of its new subscriptions.
 */
public interface Subscriber {

    /**
     * Queues a frame for this connection without blocking.
     *
     * @param frame the frame; takes one reference of its bytes (released on refusal too)
     * @return false if the connection no longer accepts frames
     */
    boolean offer(OutFrame frame);

    /** @return where this connection's conflation timers run (its event loop; virtual time in tests) */
    Scheduler timers();

    /**
     * New subscriptions wait for their snapshot or replay: call {@link Subscriptions#pullCatchUps} soon,
     * and again whenever there is room, until it offers nothing. Must not block; may be called with
     * the subscriptions' lock held.
     */
    void catchUpWaiting();
}
