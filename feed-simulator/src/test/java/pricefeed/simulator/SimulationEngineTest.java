package pricefeed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.simulator.model.SymbolUniverse;
import pricefeed.simulator.model.TickGenerator;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Batches driven by hand against a clock the test moves, so a stall is just a jump of the clock. */
class SimulationEngineTest {

    private static final long START_MICROS = 1_763_712_000_000_000L;
    private final VirtualTimeScheduler unused = VirtualTimeScheduler.create();
    private final AtomicLong clock = new AtomicLong(START_MICROS);
    private final TickBus bus = new TickBus();
    private SimulationEngine engine;

    @AfterEach
    void tearDown() {
        engine.close();
        unused.dispose();
    }

    private AtomicLong countTicks(double rate, Duration batchPeriod) {
        engine = new SimulationEngine(new TickGenerator(SymbolUniverse.firstN(10), rate, 1, 0), unused,
                batchPeriod, clock::get, bus);
        AtomicLong ticks = new AtomicLong();
        bus.ticks().subscribe(t -> ticks.incrementAndGet());
        engine.start(); // the scheduler is never advanced: only runBatch below emits
        return ticks;
    }

    /**
     * An operator's change waits for the batch in progress, and then for no other: behind on its clock, the
     * ticker runs batch after batch, and with a lock that lets a running thread take it again first, a change
     * took up to 1.3 s at 1 M ticks/s on a busy machine.
     */
    @Test
    void aChangeWaitingForTheLockGoesBeforeTheTickersNextBatch() throws Exception {
        countTicks(5_000_000, Duration.ofMillis(1));
        // Each batch stamps its ticks with its own clock reading. A batch whose first tick goes out while this
        // thread waits for the lock began before the change asked for it, or after: counted by its ts.
        Thread changer = Thread.currentThread();
        Set<Long> batchesSeenWaiting = ConcurrentHashMap.newKeySet();
        long[] batchTs = {-1};
        bus.ticks().subscribe(t -> {
            if (t.tsMicros() != batchTs[0]) { // runs under the engine's lock, one batch at a time
                batchTs[0] = t.tsMicros();
                if (engine.isWaiting(changer)) {
                    batchesSeenWaiting.add(t.tsMicros());
                }
            }
        });
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch running = new CountDownLatch(1);
        Thread ticker = new Thread(() -> {
            while (!stop.get()) {
                clock.addAndGet(1_000);
                engine.runBatch();
                running.countDown();
            }
        });
        ticker.start();
        try {
            assertTrue(running.await(5, TimeUnit.SECONDS));
            int most = 0;
            for (int change = 0; change < 2000; change++) {
                batchesSeenWaiting.clear();
                engine.change((generator, now) -> { });
                most = Math.max(most, batchesSeenWaiting.size());
            }
            // At most the batch in progress when the change asked for the lock (if it had sent no tick yet).
            assertTrue(most <= 1, most + " batches began while a change waited");
        } finally {
            stop.set(true);
            ticker.join();
        }
    }

    @Test
    void atARateTheMachineCannotKeepUpWithABatchCatchesUpOnBoundedWork() {
        AtomicLong ticks = countTicks(5_000_000, Duration.ofMillis(1));
        clock.addAndGet(1_000_000); // one second since the last batch, within the catch-up limit
        engine.runBatch();
        // 20,000 expected (4 ms at 5 M/s), not 5,000,000; Poisson arrivals give a few hundred either way.
        assertTrue(ticks.get() > 19_000 && ticks.get() < 21_000, ticks.get() + " ticks in one batch");
        assertEquals(1_000_000 - 4_000, engine.skippedMicros(), "what was not simulated is counted");
        assertEquals(0, engine.skipWarnings(), "not said in the first 5 s: that may be the JVM starting");
        clock.addAndGet(5_000_000);
        engine.runBatch();
        assertEquals(6_000_000 - 8_000, engine.skippedMicros());
        assertEquals(1, engine.skipWarnings(), "still behind after them: said");
    }

    /** The server's private warm-up simulator lives under 3 s; its start-up stalls are no news to an operator. */
    @Test
    void aStallWhileTheSimulatorStartsIsCountedButNotWarnedAbout() {
        countTicks(2_000, Duration.ofMillis(1));
        clock.addAndGet(1_500_000); // class loading, the JIT: half a second over what a batch catches up
        engine.runBatch();
        for (int ms = 0; ms < 10_000; ms++) {
            clock.addAndGet(1_000);
            engine.runBatch();
        }
        assertEquals(500_000, engine.skippedMicros());
        assertEquals(0, engine.skipWarnings());
    }

    @Test
    void rareSkipsThatAreASmallShareOfTheTimeAreCountedButNotWarnedAbout() {
        countTicks(1_000, Duration.ofSeconds(1)); // 1 s batches: a batch may cover up to 4 s
        for (int minute = 0; minute < 3; minute++) {
            for (int second = 0; second < 60; second++) {
                clock.addAndGet(1_000_000);
                engine.runBatch();
            }
            clock.addAndGet(4_500_000); // one stall a minute, 0.5 s over what a batch catches up
            engine.runBatch();
        }
        assertEquals(1_500_000, engine.skippedMicros());
        assertEquals(0, engine.skipWarnings(), "0.5 s a minute is under 1 % of the time");
    }

    @Test
    void atAnOrdinaryRateAStallWithinTheLimitIsCaughtUpWhole() {
        AtomicLong ticks = countTicks(2_000, Duration.ofMillis(1));
        clock.addAndGet(1_000_000);
        engine.runBatch();
        assertTrue(ticks.get() > 1_800 && ticks.get() < 2_200, ticks.get() + " ticks for a 1 s stall at 2,000/s");
        assertEquals(0, engine.skippedMicros());
    }

    @Test
    void theBoundNeverCutsTwoOrdinaryBatchPeriods() {
        // 100 ms batches at 1 M/s: 100,000 ticks per batch on time, more than the catch-up bound.
        AtomicLong ticks = countTicks(1_000_000, Duration.ofMillis(100));
        clock.addAndGet(100_000);
        engine.runBatch();
        assertTrue(ticks.get() > 98_000 && ticks.get() < 102_000, ticks.get() + " ticks in one on-time batch");
    }

    private List<Long> stamps() {
        List<Long> ts = new ArrayList<>();
        bus.ticks().subscribe(t -> ts.add(t.tsMicros()));
        return ts;
    }

    @Test
    void batchesOnTimeStampEveryTickWithTheirClockReading() {
        countTicks(20_000, Duration.ofMillis(1));
        List<Long> ts = stamps();
        for (int batch = 1; batch <= 100; batch++) {
            clock.addAndGet(1_000);
            engine.runBatch();
        }
        assertTrue(ts.size() > 1_500, ts.size() + " ticks");
        for (long t : ts) {
            assertEquals(0, (t - START_MICROS) % 1_000, "a batch's reading, not the tick's due time: " + t);
        }
    }

    /**
     * A stalled process emits what fell due meanwhile in one late batch. Stamped with that batch's reading,
     * the wait would vanish from every latency measured from ts; each tick instead carries the instant its
     * batch was due, one batch period after the tick fell due.
     */
    @Test
    void ticksThatWaitedLongerThanABatchPeriodCarryTheInstantTheirBatchWasDue() {
        countTicks(2_000, Duration.ofMillis(1));
        clock.addAndGet(1_000);
        engine.runBatch();
        List<Long> ts = stamps();
        long stalledUntil = clock.addAndGet(50_000);
        engine.runBatch();
        assertTrue(ts.size() > 60, ts.size() + " ticks fell due in the 50 ms stall at 2,000/s");
        assertTrue(ts.get(0) < stalledUntil - 40_000, "the first waited about 50 ms: " + (stalledUntil - ts.get(0)));
        assertTrue(ts.get(0) > START_MICROS + 1_000, "but not from before the last batch");
        long last = ts.get(ts.size() - 1);
        assertTrue(last <= stalledUntil && last > stalledUntil - 5_000, "the last fell due just before the batch: " + last);
        for (int i = 1; i < ts.size(); i++) {
            assertTrue(ts.get(i) >= ts.get(i - 1), "in the order they fell due");
        }
    }
}
