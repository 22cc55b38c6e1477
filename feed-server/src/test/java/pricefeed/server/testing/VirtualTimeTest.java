package pricefeed.server.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirtualTimeTest {

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        clock.dispose();
    }

    @Test
    void advanceReturnsOnceAnotherThreadRanWhatFellDue() throws InterruptedException {
        AtomicBoolean ticked = new AtomicBoolean();
        clock.schedule(() -> ticked.set(true), 1, TimeUnit.SECONDS);
        holdTheDrainOnAnotherThread();

        AtomicBoolean tickedWhenAdvanced = new AtomicBoolean();
        CountDownLatch advanced = new CountDownLatch(1);
        Thread test = new Thread(() -> {
            VirtualTime.advance(clock, Duration.ofSeconds(1));
            tickedWhenAdvanced.set(ticked.get());
            advanced.countDown();
        });
        test.start();
        // now() counts an advance as soon as it is asked for, before any task runs; nothing signals it
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (clock.now(TimeUnit.SECONDS) < 1) {
            assertTrue(System.nanoTime() < deadline, "the advance was asked for");
            LockSupport.parkNanos(100_000L);
        }
        assertFalse(ticked.get(), "the other thread still holds the drain");
        release.countDown();

        assertTrue(advanced.await(5, TimeUnit.SECONDS));
        assertTrue(tickedWhenAdvanced.get(), "the tick had run when advance returned");
    }

    @Test
    void advanceOnAnIdleClockRunsWhatFellDueHere() {
        Thread[] ranOn = new Thread[1];
        clock.schedule(() -> ranOn[0] = Thread.currentThread(), 10, TimeUnit.MILLISECONDS);
        VirtualTime.advance(clock, Duration.ofMillis(10));
        assertSame(Thread.currentThread(), ranOn[0]);
    }

    /** Another thread schedules a task that runs at once, on it, and waits there for {@link #release}. */
    private void holdTheDrainOnAnotherThread() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Thread other = new Thread(() -> clock.schedule(() -> {
            holding.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        other.setDaemon(true);
        other.start();
        assertTrue(holding.await(5, TimeUnit.SECONDS));
    }
}
