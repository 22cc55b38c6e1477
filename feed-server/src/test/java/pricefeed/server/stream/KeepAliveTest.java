package pricefeed.server.stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class KeepAliveTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger idles = new AtomicInteger();
    private final KeepAlive keepAlive = new KeepAlive(Duration.ofSeconds(20), Duration.ofSeconds(60), time,
            pings::incrementAndGet, idles::incrementAndGet);

    @AfterEach
    void dispose() {
        keepAlive.dispose();
        time.dispose();
    }

    @Test
    void pingsEveryIntervalAndExpiresOnceWhenSilent() {
        keepAlive.start();
        time.advanceTimeBy(Duration.ofSeconds(19));
        assertEquals(0, pings.get());
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals(1, pings.get());
        time.advanceTimeBy(Duration.ofSeconds(39));
        assertEquals(2, pings.get());
        assertEquals(0, idles.get());

        time.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals(1, idles.get(), "idle exactly at 60 s");
        assertTrue(keepAlive.isDisposed());
        int pingsAtExpiry = pings.get();
        time.advanceTimeBy(Duration.ofMinutes(10));
        assertEquals(pingsAtExpiry, pings.get(), "no pings after expiry");
        assertEquals(1, idles.get());
    }

    @Test
    void activityPushesTheIdleDeadline() {
        keepAlive.start();
        time.advanceTimeBy(Duration.ofSeconds(50));
        keepAlive.activity();
        time.advanceTimeBy(Duration.ofSeconds(59));
        assertEquals(0, idles.get());
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals(1, idles.get(), "60 s after the last activity, at 110 s");
    }

    @Test
    void regularActivityNeverExpires() {
        keepAlive.start();
        for (int i = 0; i < 100; i++) {
            time.advanceTimeBy(Duration.ofSeconds(20));
            keepAlive.activity();
        }
        assertEquals(0, idles.get());
        assertEquals(100, pings.get());
    }

    @Test
    void disposeStopsBothTimers() {
        keepAlive.start();
        time.advanceTimeBy(Duration.ofSeconds(20));
        keepAlive.dispose();
        time.advanceTimeBy(Duration.ofMinutes(5));
        assertEquals(1, pings.get());
        assertEquals(0, idles.get());
    }

    @Test
    void startsOnce() {
        keepAlive.start();
        assertThrows(IllegalStateException.class, keepAlive::start);
    }
}
