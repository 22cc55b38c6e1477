package pricefeed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.simulator.model.ModelConstants;
import pricefeed.simulator.model.SymbolParams;
import pricefeed.simulator.model.SymbolUniverse;
import pricefeed.simulator.model.TickInvariants;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class SimulatorControlTest {

    private static final SymbolParams NEW = new SymbolParams("NEW", 2, 5, 50.0, 0.3, 0);

    private VirtualTimeScheduler scheduler;
    private MarketSimulator simulator;
    private SimulatorControl control;
    private final List<Tick> ticks = new ArrayList<>();
    private final List<SymbolEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        start(SimulatorConfig.defaults().withSymbols(4).withTickRate(1000).withJumpIntensity(0));
    }

    private void start(SimulatorConfig config) {
        if (simulator != null) {
            simulator.close();
            scheduler.dispose();
            ticks.clear();
            events.clear();
        }
        scheduler = VirtualTimeScheduler.create();
        scheduler.advanceTimeTo(MarketSimulatorTest.START);
        simulator = new MarketSimulator(config, scheduler);
        control = simulator.control();
        simulator.ticks().subscribe(ticks::add);
        simulator.symbolEvents().subscribe(events::add);
        simulator.start();
    }

    @AfterEach
    void tearDown() {
        simulator.close();
        scheduler.dispose();
    }

    private void run(Duration duration) {
        scheduler.advanceTimeBy(duration);
    }

    private List<Tick> ticksOf(String symbol) {
        return ticks.stream().filter(t -> t.symbol().equals(symbol)).toList();
    }

    private SymbolParams params(String symbol) {
        return control.parameters().stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    @Test
    void parametersStartAsConfigured() {
        assertEquals(SymbolUniverse.firstN(4), control.parameters());
        assertEquals(1000, control.tickRate());
        assertFalse(control.paused());
    }

    @Test
    void anAddedSymbolIsAnnouncedAndTicksFromSeqOne() {
        run(Duration.ofSeconds(1));

        control.addSymbol(NEW);
        List<Tick> own = new ArrayList<>();
        simulator.ticks("NEW").subscribe(own::add);
        run(Duration.ofSeconds(2));

        Tick initial = new Tick("NEW", 2, 0, MarketSimulatorTest.START_MICROS + 1_000_000, 5000, 5005, 5000, 0, 0);
        assertEquals(List.of(new SymbolEvent.Added(new SymbolSpec("NEW", 2), initial)), events);
        assertEquals(new SymbolSpec("NEW", 2), simulator.symbols().get(4));
        assertEquals(ticksOf("NEW"), own);
        assertEquals(1, own.get(0).seq());
        assertEquals(400, own.size(), 5 * Math.sqrt(400));
        new TickInvariants(List.of(NEW)).check(own.get(0));
    }

    @Test
    void theLatestOfAnAddedSymbolIsItsInitialStateUntilItTicks() {
        control.addSymbol(NEW);

        assertEquals(0, simulator.latest("NEW").orElseThrow().seq());
    }

    @Test
    void addingAnExistingSymbolIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> control.addSymbol(SymbolUniverse.defaults().get(1)));

        assertEquals("symbol already exists: MSFT", e.getMessage());
        assertEquals(List.of(), events);
    }

    @Test
    void aRemovedSymbolStopsTicksAndItsFluxCompletes() {
        run(Duration.ofSeconds(1));
        StepVerifier.create(simulator.ticks("MSFT"))
                .then(() -> control.removeSymbol("MSFT"))
                .verifyComplete();
        int before = ticksOf("MSFT").size();

        run(Duration.ofSeconds(5));

        assertEquals(before, ticksOf("MSFT").size());
        assertEquals(List.of(new SymbolEvent.Removed("MSFT")), events);
        assertTrue(simulator.latest("MSFT").isEmpty());
        assertEquals(List.of("AAPL", "NVDA", "AMZN"), simulator.symbols().stream().map(SymbolSpec::symbol).toList());
        assertEquals("unknown symbol: MSFT",
                assertThrows(IllegalArgumentException.class, () -> simulator.ticks("MSFT")).getMessage());
    }

    @Test
    void unknownSymbolsAreNamed() {
        assertEquals("unknown symbol: FOO",
                assertThrows(IllegalArgumentException.class, () -> control.removeSymbol("FOO")).getMessage());
        assertEquals("unknown symbol: FOO",
                assertThrows(IllegalArgumentException.class, () -> control.setVolatility("FOO", 0.2)).getMessage());
        assertEquals("unknown symbol: FOO",
                assertThrows(IllegalArgumentException.class, () -> control.setDrift("FOO", 0.2)).getMessage());
        assertEquals("unknown symbol: FOO",
                assertThrows(IllegalArgumentException.class, () -> control.shock("FOO", 0.1)).getMessage());
    }

    @Test
    void invalidValuesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> control.setVolatility("AAPL", -0.1))
                .getMessage().startsWith("volatility must be 0..5.0: -0.1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> control.setDrift("AAPL", Double.NaN))
                .getMessage().startsWith("drift must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> control.setTickRate(0))
                .getMessage().startsWith("tickRate must be greater than 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> control.setTickRate(-5))
                .getMessage().startsWith("tickRate must be greater than 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> control.shock(null, -1))
                .getMessage().startsWith("fraction must be greater than -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> control.shock("AAPL", -1.5))
                .getMessage().startsWith("fraction must be greater than -1"));
    }

    @Test
    void atZeroVolatilityTheMidStaysPut() {
        run(Duration.ofSeconds(1));

        control.setVolatility("AAPL", 0);
        control.setDrift("AAPL", 0);
        double mid = params("AAPL").price();
        int before = ticksOf("AAPL").size();
        run(Duration.ofSeconds(20));

        assertEquals(mid, params("AAPL").price(), 1e-9);
        List<Tick> after = ticksOf("AAPL").subList(before, ticksOf("AAPL").size());
        assertTrue(after.size() > 4000);
        after.forEach(t -> assertEquals(mid * 100, (t.bid() + t.ask()) / 2.0, 0.5, t::toString));
        assertEquals(0, params("AAPL").volatility());
        assertNotEquals(0, params("MSFT").volatility());
    }

    @Test
    void aDriftMovesTheMidAtItsRate() {
        start(SimulatorConfig.defaults().withSymbols(1).withTickRate(100).withJumpIntensity(0)
                .withBatchPeriod(Duration.ofSeconds(1)));
        control.setVolatility("AAPL", 0);
        control.setDrift("AAPL", 10);

        run(Duration.ofHours(1));

        double expected = 190 * Math.exp(10 * 3600 / ModelConstants.SECONDS_PER_YEAR);
        assertEquals(expected, params("AAPL").price(), 1e-4);
        Tick last = ticks.get(ticks.size() - 1);
        assertEquals(expected * 100, (last.bid() + last.ask()) / 2.0, 1);
    }

    @Test
    void aRateChangeAppliesAtOnce() {
        run(Duration.ofSeconds(10));
        int before = ticks.size();

        control.setTickRate(10_000);
        run(Duration.ofSeconds(10));

        assertEquals(10_000, before, 5 * Math.sqrt(10_000));
        assertEquals(100_000, ticks.size() - before, 5 * Math.sqrt(100_000));
        assertEquals(10_000, control.tickRate());
    }

    @Test
    void pausedMeansNoTicksAndResumeBringsNoBacklog() {
        run(Duration.ofSeconds(1));
        control.pause();
        control.pause();
        int paused = ticks.size();

        run(Duration.ofMinutes(10));
        assertTrue(control.paused());
        assertEquals(paused, ticks.size());

        control.resume();
        run(Duration.ofMillis(1));
        int firstBatch = ticks.size() - paused;
        run(Duration.ofSeconds(1));

        // One batch after the resume holds a millisecond of ticks, not ten minutes of them.
        assertTrue(firstBatch <= 10, "first batch " + firstBatch);
        assertEquals(1000, ticks.size() - paused, 5 * Math.sqrt(1000));
        assertFalse(control.paused());
        TickInvariants invariants = new TickInvariants(SymbolUniverse.firstN(4));
        ticks.forEach(invariants::check);
    }

    @Test
    void pausingBeforeStartKeepsTheSimulatorSilent() {
        MarketSimulator other = new MarketSimulator(SimulatorConfig.defaults(), scheduler);
        try {
            List<Tick> received = new ArrayList<>();
            other.ticks().subscribe(received::add);
            other.control().pause();
            other.start();
            run(Duration.ofSeconds(1));
            assertEquals(List.of(), received);

            other.control().resume();
            run(Duration.ofSeconds(1));
            assertEquals(1000, received.size(), 5 * Math.sqrt(1000));
        } finally {
            other.close();
        }
    }

    @Test
    void aShockMovesTheMidAndTicksAtOnce() {
        run(Duration.ofSeconds(1));
        double mid = params("AAPL").price();
        long seq = simulator.latest("AAPL").orElseThrow().seq();

        StepVerifier.create(simulator.ticks("AAPL").take(1))
                .then(() -> control.shock("AAPL", -0.05))
                .assertNext(tick -> {
                    assertEquals(seq + 1, tick.seq());
                    assertEquals(mid * 0.95 * 100, (tick.bid() + tick.ask()) / 2.0, 0.5 + tick.ask() - tick.bid());
                    assertEquals(MarketSimulatorTest.START_MICROS + 1_000_000, tick.tsMicros());
                })
                .verifyComplete();
        assertEquals(mid * 0.95, params("AAPL").price(), 1e-9);
    }

    @Test
    void aShockOfAllSymbolsTicksEachOfThemEvenWhenPaused() {
        run(Duration.ofSeconds(1));
        control.pause();
        Map<String, Double> mids = new java.util.HashMap<>();
        control.parameters().forEach(p -> mids.put(p.symbol(), p.price()));
        int before = ticks.size();

        control.shock(null, 0.1);

        assertEquals(List.of("AAPL", "MSFT", "NVDA", "AMZN"),
                ticks.subList(before, ticks.size()).stream().map(Tick::symbol).toList());
        control.parameters().forEach(p -> assertEquals(mids.get(p.symbol()) * 1.1, p.price(), 1e-9));
    }

    @Test
    void aRestartChangesTheEpochAndReplaysTheRunFromSeqOne() {
        String epoch = simulator.epoch();
        run(Duration.ofSeconds(5));
        Map<String, List<Tick>> firstRun = MarketSimulatorTest.withoutTs(ticks);
        ticks.clear();

        NewRun run = simulator.restart();
        String made = run.epoch();

        assertNotEquals(epoch, made);
        assertEquals(made, simulator.epoch());
        assertEquals(List.of(new SymbolEvent.EpochChanged(made)), events);
        assertEquals(List.of("AAPL", "MSFT", "NVDA"), run.symbols().stream().map(SymbolParams::symbol).limit(3).toList());
        assertEquals(190.00, run.symbols().get(0).price(), 1e-9, "the starting price, whatever ticked since");
        assertEquals(0, simulator.latest("AAPL").orElseThrow().seq());
        assertEquals(19000, simulator.latest("AAPL").orElseThrow().last());
        run(Duration.ofSeconds(5));
        assertEquals(firstRun, MarketSimulatorTest.withoutTs(ticks));
    }

    @Test
    void changesFromInsideASubscriberAreRefused() {
        List<Exception> refused = new ArrayList<>();
        simulator.ticks().take(1).subscribe(tick -> {
            try {
                control.pause();
            } catch (IllegalStateException e) {
                refused.add(e);
            }
        });

        run(Duration.ofSeconds(1));

        assertEquals(1, refused.size());
        assertEquals("the simulator cannot be changed from inside a tick or event subscriber",
                refused.get(0).getMessage());
        assertFalse(control.paused());
        assertEquals(4, control.parameters().size()); // reading is fine
    }
}
