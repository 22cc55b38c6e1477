package pricefeed.server.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InboundRateLimiterTest {

    private static final long MS = 1_000_000L;

    @Test
    void allowsABurstUpToTheRateThenOnePerTokenInterval() {
        InboundRateLimiter limiter = new InboundRateLimiter(10, 0);
        int allowed = 0;
        for (int i = 0; i < 25; i++) {
            if (limiter.tryAcquire(0)) {
                allowed++;
            }
        }
        assertEquals(10, allowed, "a second's worth at once");
        assertFalse(limiter.tryAcquire(99 * MS));
        assertTrue(limiter.tryAcquire(100 * MS), "one token every 100 ms");
        assertFalse(limiter.tryAcquire(150 * MS));
    }

    @Test
    void neverSavesUpMoreThanOneSecond() {
        InboundRateLimiter limiter = new InboundRateLimiter(5, 0);
        int allowed = 0;
        for (int i = 0; i < 20; i++) {
            if (limiter.tryAcquire(60_000 * MS)) {
                allowed++;
            }
        }
        assertEquals(5, allowed);
    }
}
