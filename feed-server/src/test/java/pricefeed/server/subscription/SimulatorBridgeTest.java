package pricefeed.server.subscription;

import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.ws.testing.StarvedAllocator;
import pricefeed.simulator.MarketSimulator;
import pricefeed.simulator.SimulatorConfig;
import pricefeed.simulator.model.SymbolParams;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorBridgeTest {

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final MarketSimulator simulator = new MarketSimulator(
            SimulatorConfig.defaults().withSymbols(4).withTickRate(400).withSeed(7), clock);
    private final TickFanout fanout = new TickFanout(new ServerFrames(PooledByteBufAllocator.DEFAULT), 64, "other",
            () -> clock.now(TimeUnit.NANOSECONDS));
    private final Disposable bridge = SimulatorBridge.connect(simulator, fanout);

    @AfterEach
    void tearDown() {
        bridge.dispose();
        simulator.close();
        for (SymbolSpec spec : fanout.symbols()) {
            fanout.removeSymbol(spec.symbol());
        }
        clock.dispose();
    }

    private void assertSameLatest() {
        for (SymbolSpec spec : simulator.symbols()) {
            assertEquals(simulator.latest(spec.symbol()), fanout.latest(spec.symbol()), spec.symbol());
        }
    }

    @Test
    void startsWithTheSimulatorsSymbolsEpochAndStates() {
        assertEquals(simulator.symbols(), fanout.symbols());
        assertEquals(simulator.epoch(), fanout.epoch());
        assertSameLatest();
    }

    @Test
    void everyTickReachesTheFanoutAndIsCounted() {
        simulator.start();
        clock.advanceTimeBy(Duration.ofSeconds(1));
        assertTrue(fanout.ticksPublished() > 300, "about 400: " + fanout.ticksPublished());
        assertSameLatest();
    }

    /**
     * Reactor takes an OutOfMemoryError for fatal and would end the subscription: with the direct memory
     * used up for a while (clients that stopped reading, until they are dropped) the feed then stayed silent
     * for good. The ticks of that while are lost; the ones after it flow.
     */
    @Test
    void ticksFlowAgainAfterAWhileWithoutMemoryForTheirFrames() {
        StarvedAllocator memory = new StarvedAllocator(false);
        TickFanout starved = new TickFanout(new ServerFrames(memory), 64, "other", () -> clock.now(TimeUnit.NANOSECONDS));
        Disposable starvedBridge = SimulatorBridge.connect(simulator, starved);
        try {
            simulator.start();
            clock.advanceTimeBy(Duration.ofMillis(500));
            long before = starved.ticksPublished();
            assertTrue(before > 100, "about 200: " + before);

            memory.starve(true);
            clock.advanceTimeBy(Duration.ofMillis(500));
            assertEquals(before, starved.ticksPublished(), "no frame, no tick published");

            memory.starve(false);
            clock.advanceTimeBy(Duration.ofMillis(500));
            assertTrue(starved.ticksPublished() > before + 100, "the feed goes on: " + starved.ticksPublished());
        } finally {
            starvedBridge.dispose();
            for (SymbolSpec spec : starved.symbols()) {
                starved.removeSymbol(spec.symbol());
            }
        }
    }

    @Test
    void additionsAndRemovalsFollow() {
        simulator.start();
        simulator.control().addSymbol(new SymbolParams("XYZ", 2, 1, 50.0, 0.3, 0.0));
        assertTrue(fanout.knows("XYZ"));
        assertEquals("XYZ", fanout.symbols().get(4).symbol());
        assertEquals(0, fanout.open("XYZ").orElseThrow().seq());
        clock.advanceTimeBy(Duration.ofSeconds(1));
        assertTrue(fanout.latest("XYZ").orElseThrow().seq() > 0);

        String first = simulator.symbols().get(0).symbol();
        long last = fanout.latest(first).orElseThrow().seq();
        simulator.control().removeSymbol(first);
        assertFalse(fanout.knows(first));
        assertEquals(simulator.symbols(), fanout.symbols());

        simulator.control().addSymbol(new SymbolParams(first, 2, 1, 50.0, 0.3, 0.0));
        assertEquals(last + 1, fanout.latest(first).orElseThrow().seq(), "added again in the same epoch: no seq reused");
    }

    @Test
    void aRestartStartsANewEpochFromSeqZero() {
        simulator.start();
        clock.advanceTimeBy(Duration.ofSeconds(1));
        String old = fanout.epoch();
        simulator.restart();
        assertNotEquals(old, fanout.epoch());
        assertEquals(simulator.epoch(), fanout.epoch());
        for (SymbolSpec spec : fanout.symbols()) {
            assertEquals(0, fanout.latest(spec.symbol()).orElseThrow().seq());
            assertEquals(fanout.latest(spec.symbol()), fanout.open(spec.symbol()));
        }
        clock.advanceTimeBy(Duration.ofMillis(100));
        assertSameLatest();
    }

    @Test
    void aSubscriberSeesTheSimulatorsTicksInOrder() {
        RecordingSubscriber sub = new RecordingSubscriber(clock);
        Subscriptions subs = sub.pullingFrom(fanout.subscriptionsFor(sub, 10));
        String symbol = simulator.symbols().get(0).symbol();
        subs.subscribe(List.of(symbol), Map.of(), null, 0);
        simulator.start();
        clock.advanceTimeBy(Duration.ofSeconds(1));
        List<String> summary = sub.summary();
        long last = simulator.latest(symbol).orElseThrow().seq();
        assertEquals(last + 1, summary.size(), "a snapshot, then every tick");
        assertEquals("snapshot:" + symbol + ":0", summary.get(0));
        for (int i = 1; i < summary.size(); i++) {
            assertEquals("tick:" + symbol + ":" + i, summary.get(i));
        }
        subs.close();
    }

    @Test
    void disposingStopsTheFeed() {
        simulator.start();
        bridge.dispose();
        clock.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals(0, fanout.ticksPublished());
    }
}
