package pricefeed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.simulator.model.SymbolUniverse;
import pricefeed.simulator.model.TickInvariants;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class MarketSimulatorTest {

    static final Instant START = Instant.parse("2025-11-21T08:00:00Z");
    static final long START_MICROS = START.getEpochSecond() * 1_000_000;

    private final List<VirtualTimeScheduler> schedulers = new ArrayList<>();
    private final List<MarketSimulator> simulators = new ArrayList<>();

    @AfterEach
    void tearDown() {
        simulators.forEach(MarketSimulator::close);
        schedulers.forEach(VirtualTimeScheduler::dispose);
    }

    private VirtualTimeScheduler scheduler() {
        VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
        scheduler.advanceTimeTo(START);
        schedulers.add(scheduler);
        return scheduler;
    }

    private MarketSimulator simulator(SimulatorConfig config, VirtualTimeScheduler scheduler) {
        MarketSimulator simulator = new MarketSimulator(config, scheduler);
        simulators.add(simulator);
        return simulator;
    }

    private static SimulatorConfig config(int symbols, double tickRate) {
        return SimulatorConfig.defaults().withSymbols(symbols).withTickRate(tickRate);
    }

    private static List<Tick> collect(MarketSimulator simulator) {
        List<Tick> ticks = new ArrayList<>();
        simulator.ticks().subscribe(ticks::add);
        return ticks;
    }

    static Map<String, List<Tick>> withoutTs(List<Tick> ticks) {
        Map<String, List<Tick>> bySymbol = new HashMap<>();
        for (Tick t : ticks) {
            bySymbol.computeIfAbsent(t.symbol(), s -> new ArrayList<>()).add(
                    new Tick(t.symbol(), t.decimals(), t.seq(), 0, t.bid(), t.ask(), t.last(), t.size(), t.volume()));
        }
        return bySymbol;
    }

    @Test
    void nothingIsEmittedBeforeStart() {
        VirtualTimeScheduler scheduler = scheduler();
        MarketSimulator simulator = simulator(config(10, 1000), scheduler);
        List<Tick> ticks = collect(simulator);

        scheduler.advanceTimeBy(Duration.ofSeconds(5));

        assertEquals(List.of(), ticks);
    }

    @Test
    void ticksAreStampedWithTheInstantOfTheirBatch() {
        VirtualTimeScheduler scheduler = scheduler();
        MarketSimulator simulator = simulator(config(10, 1000).withBatchPeriod(Duration.ofMillis(10)), scheduler);
        List<Tick> ticks = collect(simulator);
        simulator.start();

        scheduler.advanceTimeBy(Duration.ofSeconds(1));

        assertEquals(1000, ticks.size(), 5 * Math.sqrt(1000));
        long previous = START_MICROS;
        for (Tick tick : ticks) {
            assertEquals(0, (tick.tsMicros() - START_MICROS) % 10_000, tick::toString);
            assertTrue(tick.tsMicros() >= previous && tick.tsMicros() <= START_MICROS + 1_000_000, tick::toString);
            previous = tick.tsMicros();
        }
        assertEquals(START_MICROS + 1_000_000, scheduler.now(TimeUnit.MICROSECONDS));
    }

    @Test
    void latestIsTheInitialStateUntilTheFirstTickThenTheNewestTick() {
        VirtualTimeScheduler scheduler = scheduler();
        MarketSimulator simulator = simulator(config(3, 300), scheduler);
        List<Tick> ticks = collect(simulator);

        assertEquals(new Tick("AAPL", 2, 0, START_MICROS, 18999, 19001, 19000, 0, 0),
                simulator.latest("AAPL").orElseThrow());

        simulator.start();
        scheduler.advanceTimeBy(Duration.ofSeconds(2));

        Tick newest = ticks.stream().filter(t -> t.symbol().equals("MSFT")).reduce((a, b) -> b).orElseThrow();
        assertEquals(newest, simulator.latest("MSFT").orElseThrow());
        assertTrue(simulator.latest("FOO").isEmpty());
    }

    @Test
    void symbolsAreTheFirstNOfTheUniverse() {
        MarketSimulator simulator = simulator(config(4, 100), scheduler());

        assertEquals(List.of(new SymbolSpec("AAPL", 2), new SymbolSpec("MSFT", 2), new SymbolSpec("NVDA", 2),
                new SymbolSpec("AMZN", 2)), simulator.symbols());
    }

    @Test
    void theSameSeedGivesTheSameTicksWhateverTheBatchPeriod() {
        VirtualTimeScheduler fineScheduler = scheduler();
        VirtualTimeScheduler coarseScheduler = scheduler();
        MarketSimulator fine = simulator(config(20, 2000).withBatchPeriod(Duration.ofMillis(1)), fineScheduler);
        MarketSimulator coarse = simulator(config(20, 2000).withBatchPeriod(Duration.ofMillis(7)), coarseScheduler);
        List<Tick> fineTicks = collect(fine);
        List<Tick> coarseTicks = collect(coarse);
        fine.start();
        coarse.start();

        fineScheduler.advanceTimeBy(Duration.ofSeconds(10));
        coarseScheduler.advanceTimeBy(Duration.ofSeconds(10));

        // The coarse run's last batch was at 9.996 s: compare what both emitted.
        Map<String, List<Tick>> fineBySymbol = withoutTs(fineTicks);
        Map<String, List<Tick>> coarseBySymbol = withoutTs(coarseTicks);
        assertEquals(20, coarseBySymbol.size());
        coarseBySymbol.forEach((symbol, ticks) -> {
            assertTrue(ticks.size() > 900, symbol);
            assertEquals(ticks, fineBySymbol.get(symbol).subList(0, ticks.size()), symbol);
        });
    }

    @Test
    void theSameSeedAndPeriodGiveIdenticalTicksAndAnotherSeedDiffers() {
        VirtualTimeScheduler a = scheduler();
        VirtualTimeScheduler b = scheduler();
        VirtualTimeScheduler c = scheduler();
        List<Tick> first = collect(simulator(config(5, 500), a));
        List<Tick> second = collect(simulator(config(5, 500), b));
        List<Tick> other = collect(simulator(config(5, 500).withSeed(43), c));
        simulators.forEach(MarketSimulator::start);

        a.advanceTimeBy(Duration.ofSeconds(3));
        b.advanceTimeBy(Duration.ofSeconds(3));
        c.advanceTimeBy(Duration.ofSeconds(3));

        assertEquals(first, second);
        assertNotEquals(withoutTs(first).get("AAPL"), withoutTs(other).get("AAPL"));
    }

    @Test
    void theArrivalRateMatchesOverASimulatedMinute() {
        VirtualTimeScheduler scheduler = scheduler();
        MarketSimulator simulator = simulator(config(10, 1000), scheduler);
        Map<String, Integer> counts = new HashMap<>();
        simulator.ticks().subscribe(t -> counts.merge(t.symbol(), 1, Integer::sum));
        simulator.start();

        scheduler.advanceTimeBy(Duration.ofMinutes(1));

        // Poisson: 60000 expected (sigma 245), 6000 per symbol (sigma 77); five sigma.
        assertEquals(60_000, counts.values().stream().mapToInt(Integer::intValue).sum(), 5 * Math.sqrt(60_000));
        assertEquals(10, counts.size());
        counts.forEach((symbol, n) -> assertEquals(6000, n, 5 * Math.sqrt(6000), symbol));
    }

    @Test
    void everyTickKeepsTheInvariants() {
        VirtualTimeScheduler scheduler = scheduler();
        MarketSimulator simulator = simulator(config(150, 20_000).withJumpIntensity(60), scheduler);
        TickInvariants invariants = new TickInvariants(SymbolUniverse.firstN(150));
        simulator.ticks().subscribe(invariants::check);
        simulator.start();

        scheduler.advanceTimeBy(Duration.ofSeconds(10));

        assertEquals(200_000, invariants.checked(), 5 * Math.sqrt(200_000));
    }

    @Test
    void aSymbolsFluxCarriesExactlyItsTicks() {
        VirtualTimeScheduler scheduler = scheduler();
        MarketSimulator simulator = simulator(config(10, 1000), scheduler);
        List<Tick> all = collect(simulator);
        List<Tick> msft = new ArrayList<>();
        simulator.ticks("MSFT").subscribe(msft::add);
        simulator.start();

        scheduler.advanceTimeBy(Duration.ofSeconds(2));

        assertTrue(msft.size() > 100);
        assertEquals(all.stream().filter(t -> t.symbol().equals("MSFT")).toList(), msft);
    }

    @Test
    void anUnknownSymbolHasNoFlux() {
        MarketSimulator simulator = simulator(config(10, 1000), scheduler());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> simulator.ticks("FOO"));
        assertEquals("unknown symbol: FOO", e.getMessage());
    }

    @Test
    void aSlowSubscriberMissesTicksButNeverHoldsUpTheOthers() {
        VirtualTimeScheduler scheduler = scheduler();
        MarketSimulator simulator = simulator(config(10, 1000), scheduler);
        List<Tick> slow = new ArrayList<>();
        simulator.ticks().subscribe(new BaseSubscriber<Tick>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(5);
            }

            @Override
            protected void hookOnNext(Tick tick) {
                slow.add(tick);
            }
        });
        List<Tick> fast = collect(simulator);
        simulator.start();

        scheduler.advanceTimeBy(Duration.ofSeconds(2));

        assertEquals(fast.subList(0, 5), slow);
        assertEquals(2000, fast.size(), 5 * Math.sqrt(2000));
    }

    @Test
    void closeCompletesEveryFluxAndStopsTicks() {
        VirtualTimeScheduler scheduler = scheduler();
        MarketSimulator simulator = simulator(config(3, 100), scheduler);
        simulator.start();
        scheduler.advanceTimeBy(Duration.ofSeconds(1));

        StepVerifier.create(simulator.ticks().then())
                .then(simulator::close)
                .verifyComplete();
        StepVerifier.create(simulator.ticks("AAPL")).verifyComplete();
        StepVerifier.create(simulator.symbolEvents()).verifyComplete();
        simulator.close(); // idempotent
    }

    @Test
    void startingTwiceOrAfterCloseIsRefused() {
        MarketSimulator simulator = simulator(config(3, 100), scheduler());
        simulator.start();

        assertEquals("simulator already started", assertThrows(IllegalStateException.class, simulator::start).getMessage());
        simulator.close();
        assertEquals("simulator already closed", assertThrows(IllegalStateException.class, simulator::start).getMessage());
        assertThrows(IllegalStateException.class, () -> simulator.control().pause());
    }

    @Test
    void theEpochIsEightHexDigits() {
        MarketSimulator simulator = simulator(config(3, 100), scheduler());

        assertTrue(simulator.epoch().matches("[0-9a-f]{8}"), simulator.epoch());
    }

    @Test
    void aBadSymbolFileFailsConstruction() {
        SimulatorConfig config = config(3, 100).withSymbolFile(java.nio.file.Path.of("does-not-exist.csv"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MarketSimulator(config, scheduler()));
        assertTrue(e.getMessage().startsWith("symbol file does-not-exist.csv"), e.getMessage());
    }

    @Test
    void inRealTimeTicksFlowWithWallClockMicroseconds() {
        MarketSimulator simulator = new MarketSimulator(config(10, 5000));
        simulators.add(simulator);
        long before = System.currentTimeMillis() * 1000;

        StepVerifier.create(simulator.ticks().take(500))
                .then(simulator::start)
                .expectNextCount(499)
                .assertNext(tick -> assertTrue(tick.tsMicros() >= before
                        && tick.tsMicros() <= System.currentTimeMillis() * 1000 + 1000, tick::toString))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void inRealTimeOnAThreadOfTheCallersFactoryTicksReachSubscribersOnIt() {
        MarketSimulator simulator = new MarketSimulator(config(10, 5000), task -> {
            Thread thread = new Thread(task, "callers-simulator");
            thread.setDaemon(true);
            return thread;
        });
        simulators.add(simulator);
        long before = System.currentTimeMillis() * 1000;

        StepVerifier.create(simulator.ticks().take(3).map(tick -> {
                    assertTrue(tick.tsMicros() >= before, tick::toString);
                    return Thread.currentThread().getName();
                }))
                .then(simulator::start)
                .expectNext("callers-simulator", "callers-simulator", "callers-simulator")
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }
}
