package pricefeed.server.session;

/**
 * A token bucket for client messages: {@code ratePerSecond} tokens a second, holding at most one
 * second's worth, so a client may burst up to its rate and no further. Single-threaded (the
 * connection's event loop).
 */
final class InboundRateLimiter {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long capacity;
    private final long nanosPerToken;
    private long tokens;
    private long lastRefillNanos;

    InboundRateLimiter(int ratePerSecond, long nowNanos) {
        if (ratePerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + ratePerSecond);
        }
        this.capacity = ratePerSecond;
        this.nanosPerToken = NANOS_PER_SECOND / ratePerSecond;
        this.tokens = ratePerSecond;
        this.lastRefillNanos = nowNanos;
    }

    /**
     * @param nowNanos the current monotonic time
     * @return true if one more message may be handled now
     */
    boolean tryAcquire(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed >= nanosPerToken) {
            long earned = elapsed / nanosPerToken;
            tokens = Math.min(capacity, tokens + earned);
            lastRefillNanos += earned * nanosPerToken;
        }
        if (tokens > 0) {
            tokens--;
            return true;
        }
        return false;
    }
}
