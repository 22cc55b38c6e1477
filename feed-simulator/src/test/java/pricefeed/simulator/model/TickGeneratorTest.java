package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import pricefeed.core.market.Tick;

class TickGeneratorTest {

    private static final long SECOND = 1_000_000;
    private static final long TS = 1_763_712_000_000_000L;

    private static final List<SymbolParams> MIXED = List.of(
            new SymbolParams("AAPL", 2, 1, 190.0, 0.25, 0.08),
            new SymbolParams("EURUSD", 4, 1, 1.085, 0.07, 0),
            new SymbolParams("ES", 2, 25, 5600.0, 0.15, 0.05),
            new SymbolParams("7203.T", 0, 1, 2800, 0.28, 0.04),
            new SymbolParams("SAP.DE", 2, 5, 200.0, 0.25, 0.06),
            new SymbolParams("PENNY", 2, 1, 0.03, 5.0, -10)); // pinned at one tick by its drift

    private static List<Tick> generate(TickGenerator generator, int n) {
        List<Tick> ticks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ticks.add(generator.next(TS));
        }
        return ticks;
    }

    private static Map<String, List<Tick>> bySymbol(List<Tick> ticks) {
        Map<String, List<Tick>> map = new HashMap<>();
        for (Tick t : ticks) {
            // The emission instant depends on the caller's batching; everything else must not.
            map.computeIfAbsent(t.symbol(), s -> new ArrayList<>()).add(
                    new Tick(t.symbol(), t.decimals(), t.seq(), 0, t.bid(), t.ask(), t.last(), t.size(), t.volume()));
        }
        return map;
    }

    private static Map<String, Integer> counts(List<Tick> ticks) {
        Map<String, Integer> counts = new HashMap<>();
        ticks.forEach(t -> counts.merge(t.symbol(), 1, Integer::sum));
        return counts;
    }

    @Test
    void theSameSeedGivesTheSameTicks() {
        List<SymbolParams> universe = SymbolUniverse.firstN(20);

        assertEquals(generate(new TickGenerator(universe, 1000, 42, 1), 50_000),
                generate(new TickGenerator(universe, 1000, 42, 1), 50_000));
    }

    @Test
    void anotherSeedGivesOtherTicks() {
        List<SymbolParams> universe = SymbolUniverse.firstN(20);

        List<Tick> a = generate(new TickGenerator(universe, 1000, 42, 1), 1000);
        List<Tick> b = generate(new TickGenerator(universe, 1000, 43, 1), 1000);

        assertNotEquals(bySymbol(a).get("AAPL"), bySymbol(b).get("AAPL"));
        assertNotEquals(a.stream().map(Tick::symbol).toList(), b.stream().map(Tick::symbol).toList());
    }

    @Test
    void theTicksDoNotDependOnHowTheClockIsAdvanced() {
        List<SymbolParams> universe = SymbolUniverse.firstN(30);
        TickGenerator fine = new TickGenerator(universe, 3000, 42, 2);
        TickGenerator coarse = new TickGenerator(universe, 3000, 42, 2);
        List<Tick> fineTicks = new ArrayList<>();
        List<Tick> coarseTicks = new ArrayList<>();

        for (long t = 0; t <= 10 * SECOND; t += 1000) {
            fine.advance(t, TS + t, fineTicks::add);
        }
        SplittableRandom steps = new SplittableRandom(9);
        for (long t = 0; t < 10 * SECOND; ) {
            t = Math.min(10 * SECOND, t + steps.nextLong(50_000));
            coarse.advance(t, TS + t, coarseTicks::add);
        }

        assertTrue(fineTicks.size() > 29_000, "ticks " + fineTicks.size());
        assertEquals(bySymbol(fineTicks), bySymbol(coarseTicks));
        assertEquals(fineTicks.stream().map(Tick::symbol).toList(), coarseTicks.stream().map(Tick::symbol).toList());
    }

    @Test
    void aSymbolsPathDependsOnlyOnTheSeedItsNameAndItsRate() {
        // Ten symbols at 10/s each, and the same ten among a hundred at the same 10/s each.
        TickGenerator small = new TickGenerator(SymbolUniverse.firstN(10), 100, 42, 1);
        TickGenerator large = new TickGenerator(SymbolUniverse.firstN(100), 1000, 42, 1);
        List<Tick> smallTicks = new ArrayList<>();
        List<Tick> largeTicks = new ArrayList<>();

        small.advance(60 * SECOND, TS, smallTicks::add);
        large.advance(60 * SECOND, TS, largeTicks::add);

        Map<String, List<Tick>> fromLarge = bySymbol(largeTicks);
        bySymbol(smallTicks).forEach((symbol, ticks) -> assertEquals(ticks, fromLarge.get(symbol), symbol));
    }

    @Test
    void advanceEmitsOnlyTicksDueAndStampsThemWithTheGivenInstant() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(5), 10, 42, 0);
        List<Tick> ticks = new ArrayList<>();

        generator.advance(0, TS, ticks::add);
        assertEquals(List.of(), ticks);

        generator.advance(100 * SECOND, TS + 7, ticks::add);
        assertTrue(ticks.size() > 900 && ticks.size() < 1100, "ticks " + ticks.size());
        assertTrue(ticks.stream().allMatch(t -> t.tsMicros() == TS + 7));
        assertEquals(100 * SECOND, generator.simMicros());

        generator.advance(50 * SECOND, TS, ticks::add); // the past: nothing
        assertEquals(100 * SECOND, generator.simMicros());
    }

    @Test
    void everyTickKeepsTheInvariants() {
        TickGenerator generator = new TickGenerator(MIXED, 6000, 42, 60);
        TickInvariants invariants = new TickInvariants(MIXED);

        for (Tick tick : generate(generator, 300_000)) {
            invariants.check(tick);
        }

        assertEquals(300_000, invariants.checked());
    }

    @Test
    void initialTicksHaveSeqZeroNoTradeAndAQuoteAroundThePrice() {
        List<Tick> initial = new TickGenerator(MIXED, 100, 42, 0).initialTicks(TS);

        assertEquals(new Tick("AAPL", 2, 0, TS, 18999, 19001, 19000, 0, 0), initial.get(0));
        assertEquals(new Tick("EURUSD", 4, 0, TS, 10850, 10851, 10850, 0, 0), initial.get(1));
        assertEquals(new Tick("ES", 2, 0, TS, 559975, 560025, 560000, 0, 0), initial.get(2));
        assertEquals(MIXED.size(), initial.size());
    }

    @Test
    void theArrivalRateMatchesTheTickRateAndIsSharedEqually() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(10), 1000, 42, 1);
        List<Tick> ticks = new ArrayList<>();

        generator.advance(60 * SECOND, TS, ticks::add);

        // Poisson: 60000 expected, sigma 245; 6000 per symbol, sigma 77. Five sigma each.
        assertEquals(60_000, ticks.size(), 5 * Math.sqrt(60_000));
        counts(ticks).forEach((symbol, n) -> assertEquals(6000, n, 5 * Math.sqrt(6000), symbol));
        assertEquals(10, counts(ticks).size());
    }

    @Test
    void jumpsHappenAtTheConfiguredIntensity() {
        List<SymbolParams> universe = SymbolUniverse.firstN(10);
        TickGenerator generator = new TickGenerator(universe, 100, 42, 6);

        generator.advance(10 * 3600 * SECOND, TS, t -> { });

        // 10 symbols, 10 hours, 6 an hour: 600 expected, sigma 24.5.
        long jumps = universe.stream().mapToLong(p -> generator.jumps(p.symbol())).sum();
        assertEquals(600, jumps, 5 * Math.sqrt(600));
    }

    @Test
    void noJumpsAtZeroIntensity() {
        List<SymbolParams> universe = SymbolUniverse.firstN(10);
        TickGenerator generator = new TickGenerator(universe, 100, 42, 0);

        generator.advance(10 * 3600 * SECOND, TS, t -> { });

        assertEquals(0, universe.stream().mapToLong(p -> generator.jumps(p.symbol())).sum());
    }

    @Test
    void atZeroVolatilityTheQuoteStaysCentredOnAFixedMid() {
        SymbolParams flat = new SymbolParams("FLAT", 2, 1, 190.0, 0, 0);
        TickGenerator generator = new TickGenerator(List.of(flat), 100, 42, 0);

        for (Tick t : generate(generator, 10_000)) {
            assertEquals(19000, (t.bid() + t.ask()) / 2.0, 0.5, t::toString);
        }
        assertEquals(190.0, generator.parameters().get(0).price(), 1e-9);
    }

    @Test
    void aVolatilityChangeTakesEffectAtOnce() {
        TickGenerator generator = new TickGenerator(List.of(new SymbolParams("X", 2, 1, 100.0, 2.0, 0)), 100, 42, 0);
        generate(generator, 1000);

        generator.setVolatility("X", 0);
        double mid = generator.parameters().get(0).price();
        generate(generator, 1000);

        assertEquals(mid, generator.parameters().get(0).price(), 1e-12);
        assertEquals(0, generator.parameters().get(0).volatility());
    }

    @Test
    void aDriftChangeTakesEffectAtOnce() {
        TickGenerator generator = new TickGenerator(List.of(new SymbolParams("X", 2, 1, 100.0, 0, 0)), 100, 42, 0);
        generator.advance(SECOND, TS, t -> { });

        generator.setDrift("X", 10);
        generator.advance(3601 * SECOND, TS, t -> { });

        // The last tick falls within the final second or so; at 100/s the gap is a few milliseconds.
        double expected = 100 * Math.exp(10 * 3600 / ModelConstants.SECONDS_PER_YEAR);
        assertEquals(expected, generator.parameters().get(0).price(), 1e-4);
        assertEquals(10, generator.parameters().get(0).drift());
    }

    @Test
    void anAddedSymbolStartsAtSeqOneAndTheTotalRateIsKept() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(4), 1000, 42, 0);
        generator.advance(10 * SECOND, TS, t -> { });

        Tick initial = generator.add(new SymbolParams("NEW", 2, 1, 50.0, 0.3, 0), TS + 1);
        List<Tick> ticks = new ArrayList<>();
        generator.advance(70 * SECOND, TS, ticks::add);

        assertEquals(new Tick("NEW", 2, 0, TS + 1, 5000, 5001, 5000, 0, 0), initial);
        assertEquals(1, ticks.stream().filter(t -> t.symbol().equals("NEW")).findFirst().orElseThrow().seq());
        assertEquals(60_000, ticks.size(), 5 * Math.sqrt(60_000));
        counts(ticks).forEach((symbol, n) -> assertEquals(12_000, n, 5 * Math.sqrt(12_000), symbol));
        assertEquals("NEW", generator.specs().get(4).symbol());
    }

    @Test
    void addingAnExistingSymbolFails() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(4), 1000, 42, 0);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> generator.add(SymbolUniverse.defaults().get(0), TS));
        assertEquals("symbol already exists: AAPL", e.getMessage());
    }

    @Test
    void aRemovedSymbolTicksNoMoreAndTheOthersTakeItsShare() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(4), 1000, 42, 0);
        generator.advance(10 * SECOND, TS, t -> { });

        generator.remove("MSFT");
        List<Tick> ticks = new ArrayList<>();
        generator.advance(70 * SECOND, TS, ticks::add);

        assertEquals(List.of("AAPL", "NVDA", "AMZN"), generator.specs().stream().map(s -> s.symbol()).toList());
        assertEquals(60_000, ticks.size(), 5 * Math.sqrt(60_000));
        assertEquals(3, counts(ticks).size());
        assertThrows(IllegalArgumentException.class, () -> generator.remove("MSFT"));
    }

    @Test
    void aSymbolAddedAgainGoesOnFromItsLastSeqSoNoSeqIsUsedTwice() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(2), 1000, 42, 0);
        List<Tick> before = new ArrayList<>();
        generator.advance(SECOND, TS, before::add);
        long last = before.stream().filter(t -> t.symbol().equals("MSFT")).mapToLong(Tick::seq).max().orElseThrow();

        generator.remove("MSFT");
        Tick initial = generator.add(new SymbolParams("MSFT", 2, 1, 50.0, 0.3, 0), TS);
        assertEquals(last + 1, initial.seq(), "its new initial state takes the next seq");
        List<Tick> after = new ArrayList<>();
        generator.advance(2 * SECOND, TS, after::add);
        assertEquals(last + 2, after.stream().filter(t -> t.symbol().equals("MSFT")).findFirst().orElseThrow().seq());

        Tick fresh = generator.add(new SymbolParams("NEW", 2, 1, 10.0, 0.3, 0), TS);
        assertEquals(0, fresh.seq(), "a symbol new to the run starts at 0");
        assertEquals(0, generator.restarted().initialTicks(TS).get(1).seq(), "a new run (epoch) starts every seq again");
    }

    @Test
    void beyondTheRetiredSymbolsItRemembersAnAddedSymbolStartsAboveEverySeqForgotten() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(1), 1000, 42, 0);
        long[] aaplLast = {0};
        generator.advance(SECOND, TS, t -> aaplLast[0] = t.seq());
        generator.remove("AAPL");
        for (int i = 0; i < TickGenerator.MAX_RETIRED; i++) {
            generator.add(new SymbolParams("S" + i, 2, 1, 10.0, 0.3, 0), TS);
            generator.remove("S" + i);
        }
        Tick again = generator.add(new SymbolParams("AAPL", 2, 1, 190.0, 0.3, 0), TS);
        assertTrue(aaplLast[0] > 500, "AAPL ticked: " + aaplLast[0]);
        assertTrue(again.seq() > aaplLast[0], "AAPL was forgotten, yet its seqs are not reused: " + again.seq());
    }

    @Test
    void aTickRateChangeAppliesFromNow() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(4), 1000, 42, 0);
        List<Tick> before = new ArrayList<>();
        generator.advance(10 * SECOND, TS, before::add);

        generator.setTickRate(5000);
        List<Tick> after = new ArrayList<>();
        generator.advance(20 * SECOND, TS, after::add);

        assertEquals(10_000, before.size(), 5 * Math.sqrt(10_000));
        assertEquals(50_000, after.size(), 5 * Math.sqrt(50_000));
        assertEquals(5000, generator.tickRate());
    }

    @Test
    void aShockMovesTheMidAtOnceAndQuotesIt() {
        TickGenerator generator = new TickGenerator(List.of(new SymbolParams("X", 2, 1, 200.0, 0.2, 0)), 10, 42, 0);
        Tick last = generate(generator, 10).get(9);
        double mid = generator.parameters().get(0).price();

        Tick shocked = generator.shock("X", -0.05, TS + 5);

        assertEquals(mid * 0.95, generator.parameters().get(0).price(), 1e-9);
        assertEquals(last.seq() + 1, shocked.seq());
        assertEquals(TS + 5, shocked.tsMicros());
        assertEquals(mid * 0.95 * 100, (shocked.bid() + shocked.ask()) / 2.0, 0.5 + (shocked.ask() - shocked.bid()));
        assertEquals(last.volume() + shocked.size(), shocked.volume());
    }

    @Test
    void unknownSymbolsAndBadValuesAreRejectedByName() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(2), 10, 42, 0);

        assertEquals("unknown symbol: FOO",
                assertThrows(IllegalArgumentException.class, () -> generator.setVolatility("FOO", 0.1)).getMessage());
        assertEquals("unknown symbol: FOO",
                assertThrows(IllegalArgumentException.class, () -> generator.shock("FOO", 0.1, TS)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> generator.setVolatility("AAPL", -1))
                .getMessage().startsWith("volatility must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> generator.setDrift("AAPL", Double.NaN))
                .getMessage().startsWith("drift must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> generator.setTickRate(0))
                .getMessage().startsWith("tickRate must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> generator.shock("AAPL", -1, TS))
                .getMessage().startsWith("fraction must be"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new TickGenerator(SymbolUniverse.firstN(2), 10, 42, -1)).getMessage().startsWith("jumpIntensity"));
    }

    @Test
    void aRestartedRunReplaysTheFirstOne() {
        TickGenerator first = new TickGenerator(SymbolUniverse.firstN(10), 1000, 42, 1);
        List<Tick> firstTicks = generate(first, 5000);
        generate(first, 5000);

        TickGenerator again = first.restarted();

        assertEquals(0, again.simMicros());
        assertEquals(firstTicks, generate(again, 5000));
    }

    @Test
    void aRestartKeepsChangedVolatilityButResetsThePrice() {
        TickGenerator first = new TickGenerator(List.of(new SymbolParams("X", 2, 1, 100.0, 0.5, 0)), 10, 42, 0);
        generate(first, 100);
        first.setVolatility("X", 0.1);

        SymbolParams restarted = first.restarted().parameters().get(0);

        assertEquals(new SymbolParams("X", 2, 1, 100.0, 0.1, 0), restarted);
    }

    @Test
    void nextNeedsASymbol() {
        TickGenerator generator = new TickGenerator(SymbolUniverse.firstN(1), 10, 42, 0);
        generator.remove("AAPL");

        assertThrows(IllegalStateException.class, () -> generator.next(TS));
    }
}
