package pricefeed.simulator.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Seq rules per symbol, as a table: events in, counters out. */
class SeqTrackerTest {

    /**
     * Events: {@code t5} tick seq 5 of symbol 0, {@code u5} the same for symbol 1, {@code s5} snapshot seq 5 of
     * symbol 0, {@code e:x} a subscribed reply with epoch x.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                // events, throttled, gaps, missing, conflated, duplicates, epochResets
                Arguments.of("t1 t2 t3", false, 0, 0, 0, 0, 0),
                Arguments.of("t7", false, 0, 0, 0, 0, 0),
                Arguments.of("t1 t3", false, 1, 1, 0, 0, 0),
                Arguments.of("t1 t5 t9", false, 2, 6, 0, 0, 0),
                Arguments.of("t1 t2 t2", false, 0, 0, 0, 1, 0),
                Arguments.of("t5 t3 t6", false, 0, 0, 0, 1, 0),
                Arguments.of("t5 t3 t4", false, 0, 0, 0, 2, 0),
                Arguments.of("s10 t11 t12", false, 0, 0, 0, 0, 0),
                Arguments.of("t1 s10 t11", false, 0, 0, 0, 0, 0),
                Arguments.of("t9 s5 t6", false, 0, 0, 0, 0, 0),
                Arguments.of("s10 t12", false, 1, 1, 0, 0, 0),
                Arguments.of("s10 t10", false, 0, 0, 0, 1, 0),
                Arguments.of("t1 u1 t2 u2", false, 0, 0, 0, 0, 0),
                Arguments.of("t1 u5 t2 u6", false, 0, 0, 0, 0, 0),
                Arguments.of("t1 u1 t3 u2", false, 1, 1, 0, 0, 0),
                Arguments.of("s1 t3 t7", true, 0, 0, 4, 0, 0),
                Arguments.of("s1 t3 t3", true, 0, 0, 1, 1, 0),
                Arguments.of("e:a t1 t2 e:b t1 t2", false, 0, 0, 0, 0, 1),
                Arguments.of("e:a t1 t2 e:a t1", false, 0, 0, 0, 1, 0),
                Arguments.of("e:a t5 e:b t9 e:c t1", false, 0, 0, 0, 0, 2));
    }

    @ParameterizedTest(name = "{0} throttled={1}")
    @MethodSource("cases")
    void counts(String events, boolean throttled, long gaps, long missing, long conflated, long duplicates,
                long epochResets) {
        SeqTracker tracker = new SeqTracker(throttled);
        IntervalStats stats = new IntervalStats();
        for (String e : events.split(" ")) {
            if (e.startsWith("e:")) {
                tracker.epoch(e.substring(2), stats);
                continue;
            }
            long seq = Long.parseLong(e.substring(1));
            switch (e.charAt(0)) {
                case 't' -> tracker.tick(0, seq, stats);
                case 'u' -> tracker.tick(1, seq, stats);
                case 's' -> tracker.snapshot(0, seq);
                default -> throw new IllegalArgumentException(e);
            }
        }
        assertEquals(gaps, stats.gaps, "gaps");
        assertEquals(missing, stats.missing, "missing");
        assertEquals(conflated, stats.conflated, "conflated");
        assertEquals(duplicates, stats.duplicates, "duplicates");
        assertEquals(epochResets, stats.epochResets, "epoch resets");
    }

    @ParameterizedTest(name = "symbol id {0}")
    @ValueSource(ints = {0, 15, 16, 17, 1000})
    void anySymbolIdIsTracked(int id) {
        SeqTracker tracker = new SeqTracker(false);
        IntervalStats stats = new IntervalStats();
        tracker.tick(id, 1, stats);
        tracker.tick(id, 3, stats);
        tracker.tick(id + 1, 1, stats);
        assertEquals(1, stats.gaps);
        assertEquals(1, stats.missing);
    }
}
