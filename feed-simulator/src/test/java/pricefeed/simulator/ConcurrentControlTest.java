package pricefeed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.simulator.model.SymbolParams;
import pricefeed.simulator.model.SymbolUniverse;
import pricefeed.simulator.model.TickInvariants;

/** Control calls from several threads while the real-time simulator emits: ticks stay serialised and valid. */
class ConcurrentControlTest {

    private static final int SYMBOLS = 20;
    private static final int OPERATIONS = 500;

    private final MarketSimulator simulator = new MarketSimulator(
            SimulatorConfig.defaults().withSymbols(SYMBOLS).withTickRate(50_000));

    @AfterEach
    void tearDown() {
        simulator.close();
    }

    @Test
    void controlFromOtherThreadsKeepsEveryTickValid() throws InterruptedException {
        List<SymbolParams> universe = SymbolUniverse.firstN(SYMBOLS);
        TickInvariants invariants = new TickInvariants(universe);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(1);
        simulator.ticks().subscribe(tick -> {
            try {
                invariants.check(tick);
            } catch (Throwable e) {
                failures.add(e);
            }
        }, failures::add, done::countDown);
        simulator.start();

        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            SplittableRandom random = new SplittableRandom(t);
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < OPERATIONS; i++) {
                        String symbol = universe.get(random.nextInt(SYMBOLS)).symbol();
                        switch (random.nextInt(4)) {
                            case 0 -> simulator.control().setVolatility(symbol, random.nextDouble());
                            case 1 -> simulator.control().shock(symbol, random.nextDouble(-0.01, 0.01));
                            case 2 -> simulator.control().setTickRate(random.nextDouble(20_000, 60_000));
                            default -> assertEquals(SYMBOLS, simulator.control().parameters().size());
                        }
                        simulator.latest(symbol).orElseThrow();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "control-" + t);
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(20).toMillis());
            assertFalse(thread.isAlive(), thread.getName() + " still running");
        }
        simulator.close();

        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(), List.copyOf(failures));
        assertTrue(invariants.checked() >= 2 * OPERATIONS / 4, "ticks " + invariants.checked());
    }
}
