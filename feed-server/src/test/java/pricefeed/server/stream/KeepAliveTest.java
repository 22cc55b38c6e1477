package pricefeed.server.stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class KeepAliveTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final AtomicInteger pings = new AtomicInteger();
    private final AtomicInteger idles = new AtomicInteger();
    private final KeepAlive keepAlive = new KeepAlive(Duration.ofSeconds(20), Duration.ofSeconds(60), time,
            pings::incrementAndGet, idles::incrementAndGet);
    /** The same timers on a scheduler a test can pause, as a stopped process's timers see time. */
    private final PausableScheduler paused = new PausableScheduler(time);
    private final KeepAlive onPaused = new KeepAlive(Duration.ofSeconds(20), Duration.ofSeconds(60), paused,
            pings::incrementAndGet, idles::incrementAndGet);

    @AfterEach
    void dispose() {
        keepAlive.dispose();
        onPaused.dispose();
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
    void timeTheProcessDidNotRunIsNotHeldAgainstThePeer() {
        onPaused.start();
        time.advanceTimeBy(Duration.ofSeconds(10));
        onPaused.activity();

        paused.pause(); // e.g. SIGSTOP, or a VM or collector pause: 70 s in which nothing of ours runs
        time.advanceTimeBy(Duration.ofSeconds(70));
        paused.resume(); // the check due at 20 s runs at 80 s

        assertEquals(0, idles.get(), "not closed for 70 s of silence it could not have broken");
        assertEquals(1, pings.get(), "one ping on waking, not a burst");
        // The peer gets the 50 s it had left when the pause began: 10 s of silence were behind it.
        time.advanceTimeBy(Duration.ofSeconds(49));
        assertEquals(0, idles.get());
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals(1, idles.get(), "still idle when it stays silent after the pause");
    }

    @Test
    void timerJitterIsNoPause() {
        onPaused.start();
        time.advanceTimeBy(Duration.ofMillis(19_950));
        paused.pause();
        time.advanceTimeBy(Duration.ofMillis(100));
        paused.resume(); // the check due at 20 s runs at 20.05 s
        assertEquals(1, pings.get());

        time.advanceTimeBy(Duration.ofMillis(39_949));
        assertEquals(0, idles.get());
        time.advanceTimeBy(Duration.ofMillis(1));
        assertEquals(1, idles.get(), "idle at 60 s: 50 ms of jitter is not forgiven");
    }

    @Test
    void activityRightAfterThePauseIsKept() {
        onPaused.start();
        paused.pause();
        time.advanceTimeBy(Duration.ofSeconds(30));
        onPaused.activity(); // the event loop read the peer's frames before the late check ran
        paused.resume();

        time.advanceTimeBy(Duration.ofSeconds(59));
        assertEquals(0, idles.get());
        time.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals(1, idles.get(), "60 s after that activity, not later: being late never moves it past now");
    }

    /** Runs nothing while paused, then everything that fell due, late: a stopped process as its timers see it. */
    private static final class PausableScheduler implements Scheduler {
        private final Scheduler clock;
        private final List<Runnable> due = new ArrayList<>();
        private boolean paused;

        PausableScheduler(Scheduler clock) {
            this.clock = clock;
        }

        void pause() {
            paused = true;
        }

        void resume() {
            paused = false;
            List<Runnable> late = new ArrayList<>(due);
            due.clear();
            late.forEach(Runnable::run);
        }

        @Override
        public Disposable schedule(Runnable task) {
            return schedule(task, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            return clock.schedule(() -> {
                if (paused) {
                    due.add(task);
                } else {
                    task.run();
                }
            }, delay, unit);
        }

        @Override
        public long now(TimeUnit unit) {
            return clock.now(unit);
        }

        @Override
        public Worker createWorker() {
            throw new UnsupportedOperationException("KeepAlive schedules on the scheduler itself");
        }
    }

    @Test
    void startsOnce() {
        keepAlive.start();
        assertThrows(IllegalStateException.class, keepAlive::start);
    }
}
