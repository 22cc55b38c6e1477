package pricefeed.server.session;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeartbeatTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final AtomicLong lastSent = new AtomicLong();
    private final AtomicInteger beats = new AtomicInteger();
    private final Heartbeat heartbeat = new Heartbeat(vts, Duration.ofSeconds(5), this::now, lastSent::get, () -> {
        beats.incrementAndGet();
        lastSent.set(now());
    });

    private long now() {
        return vts.now(TimeUnit.NANOSECONDS);
    }

    @AfterEach
    void tearDown() {
        heartbeat.stop();
        vts.dispose();
    }

    @Test
    void aQuietConnectionGetsOneHeartbeatPerInterval() {
        heartbeat.start();
        vts.advanceTimeBy(Duration.ofMillis(4999));
        assertEquals(0, beats.get());
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertEquals(1, beats.get());
        vts.advanceTimeBy(Duration.ofSeconds(10));
        assertEquals(3, beats.get());
    }

    @Test
    void aBusyConnectionGetsNone() {
        heartbeat.start();
        for (int i = 0; i < 30; i++) {
            vts.advanceTimeBy(Duration.ofSeconds(1));
            lastSent.set(now());
        }
        assertEquals(0, beats.get());
    }

    @Test
    void theHeartbeatComesAWholeIntervalAfterTheLastMessage() {
        heartbeat.start();
        vts.advanceTimeBy(Duration.ofSeconds(3));
        lastSent.set(now());
        vts.advanceTimeBy(Duration.ofSeconds(4));
        assertEquals(0, beats.get(), "only 4 s since the last message");
        vts.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals(1, beats.get());
    }

    @Test
    void stopCancelsTheTimer() {
        heartbeat.start();
        heartbeat.stop();
        vts.advanceTimeBy(Duration.ofMinutes(1));
        assertEquals(0, beats.get());
    }
}
