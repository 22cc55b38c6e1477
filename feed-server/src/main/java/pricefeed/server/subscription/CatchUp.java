package pricefeed.server.subscription;

/**
 * A new subscription's first messages on one symbol, its snapshot or a resume's replay, sent in parts
 * as the connection has room rather than queued at once: a subscribe to every symbol of a large
 * universe, or a resume from far back, is megabytes, which would trip a fast client's outbound budget
 * before it could read any of it. Until the catch-up reaches the latest tick, the symbol's live ticks
 * wait in history instead of the connection's queue. Pulled by one thread at a time (the owning
 * {@link Subscriptions}' lock).
 */
final class CatchUp {

    /**
     * What one pull did.
     *
     * @param bytes    bytes offered to the connection
     * @param finished true when the subscription is live (or gone) and nothing is left to pull
     */
    record Progress(long bytes, boolean finished) {
        static final Progress DONE = new Progress(0, true);
    }

    private final SymbolFeed feed;
    private final SymbolSubscription subscription;

    CatchUp(SymbolFeed feed, SymbolSubscription subscription) {
        this.feed = feed;
        this.subscription = subscription;
    }

    /**
     * @param maxBytes about how many bytes to send now
     * @param frames   builds the snapshot
     * @param nowNanos the current {@link System#nanoTime()}
     * @return what was sent, and whether the catch-up is over
     */
    Progress pull(long maxBytes, ServerFrames frames, long nowNanos) {
        return feed.pull(subscription, maxBytes, frames, nowNanos);
    }
}
