package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickHistoryTest {

    private final List<ByteBuf> made = new ArrayList<>();

    private ByteBuf frame() {
        ByteBuf b = Unpooled.buffer(4).writeInt(made.size());
        made.add(b);
        return b;
    }

    @Test
    void keepsTheLastCapacityTicksAndReleasesTheRest() {
        TickHistory h = new TickHistory(3, HistoryBudget.unlimited());
        for (long seq = 1; seq <= 5; seq++) {
            h.add(seq, frame());
        }
        assertEquals(3, h.oldestSeq());
        assertEquals(5, h.newestSeq());
        assertEquals(0, made.get(0).refCnt());
        assertEquals(0, made.get(1).refCnt());
        assertEquals(1, made.get(2).refCnt());
        h.clear();
        assertTrue(made.stream().allMatch(b -> b.refCnt() == 0));
        assertEquals(-1, h.oldestSeq());
    }

    @Test
    void reachesOnlyWhenEveryLaterTickIsHeld() {
        TickHistory h = new TickHistory(3, HistoryBudget.unlimited());
        for (long seq = 1; seq <= 5; seq++) {
            h.add(seq, frame());
        }
        assertTrue(h.reaches(2, 5), "3,4,5 held");
        assertFalse(h.reaches(1, 5), "2 is gone");
        assertTrue(h.reaches(5, 5), "up to date");
        assertFalse(h.reaches(6, 5), "ahead of the symbol");
        assertFalse(h.reaches(4, 6), "history behind the symbol's seq");
        h.clear();
    }

    @Test
    void replaysOnlyTicksAfterTheGivenSeqInOrder() {
        TickHistory h = new TickHistory(4, HistoryBudget.unlimited());
        for (long seq = 1; seq <= 6; seq++) {
            h.add(seq, frame());
        }
        List<Long> seen = new ArrayList<>();
        assertEquals(6, h.lendAfter(4, Long.MAX_VALUE, (b, seq) -> seen.add(seq)));
        assertEquals(List.of(5L, 6L), seen);
        h.clear();
    }

    @Test
    void lendsAboutMaxBytesAtATimeAndStopsWhenTheSinkRefuses() {
        TickHistory h = new TickHistory(8, HistoryBudget.unlimited());
        for (long seq = 1; seq <= 8; seq++) {
            h.add(seq, frame()); // 4 bytes each
        }
        List<Long> seen = new ArrayList<>();
        assertEquals(5, h.lendAfter(2, 9, (b, seq) -> seen.add(seq)), "3 frames: the one crossing 9 bytes is lent whole");
        assertEquals(List.of(3L, 4L, 5L), seen);
        assertEquals(6, h.lendAfter(5, Long.MAX_VALUE, (b, seq) -> seq < 7), "7 refused: 6 was the last taken");
        assertEquals(8, h.lendAfter(8, Long.MAX_VALUE, (b, seq) -> true), "nothing after the newest");
        h.clear();
    }

    @Test
    void zeroCapacityKeepsNothing() {
        TickHistory h = new TickHistory(0, HistoryBudget.unlimited());
        ByteBuf f = frame();
        h.add(1, f);
        assertEquals(0, f.refCnt());
        assertFalse(h.reaches(0, 1));
    }
    @Test
    void aLargeCapacityCostsNothingUpFrontAndGrowsWithTheTicks() {
        HistoryBudget budget = HistoryBudget.ofBytes(1_000_000L * HistoryBudget.BYTES_PER_TICK);
        TickHistory h = new TickHistory(1_000_000, budget);
        assertEquals(0, h.length());
        assertEquals(1_000_000, budget.free(), "nothing taken before the first tick");
        for (long seq = 1; seq <= 40; seq++) {
            h.add(seq, frame());
        }
        assertEquals(64, h.length(), "16, then doubled twice");
        assertEquals(1_000_000 - 64, budget.free());
        List<Long> seen = new ArrayList<>();
        h.lendAfter(0, Long.MAX_VALUE, (b, seq) -> seen.add(seq));
        assertEquals(40, seen.size());
        for (int i = 0; i < 40; i++) {
            assertEquals(i + 1, seen.get(i), "in order across the growths");
        }
        h.dispose();
        assertEquals(1_000_000, budget.free(), "a removed symbol gives its room back");
        assertTrue(made.stream().allMatch(b -> b.refCnt() == 0));
    }

    @Test
    void historiesShareTheBudgetAndOneItStopsShortKeepsItsNewestTicks() {
        HistoryBudget budget = HistoryBudget.ofBytes(40L * HistoryBudget.BYTES_PER_TICK);
        TickHistory first = new TickHistory(1024, budget);
        TickHistory second = new TickHistory(1024, budget);
        for (long seq = 1; seq <= 32; seq++) {
            first.add(seq, frame());
        }
        assertEquals(32, first.length());
        for (long seq = 1; seq <= 100; seq++) {
            second.add(seq, frame());
        }
        assertEquals(8, second.length(), "what was left of 40");
        assertEquals(0, budget.free());
        assertEquals(93, second.oldestSeq(), "the newest 8 ticks");
        assertEquals(100, second.newestSeq());
        assertTrue(second.reaches(92, 100));
        assertFalse(second.reaches(91, 100), "older: a snapshot, as when the history has moved on");
        first.dispose();
        second.add(101, frame());
        assertEquals(16, second.length(), "grows again once room is given back, keeping its order");
        List<Long> seen = new ArrayList<>();
        second.lendAfter(0, Long.MAX_VALUE, (b, seq) -> seen.add(seq));
        assertEquals(List.of(93L, 94L, 95L, 96L, 97L, 98L, 99L, 100L, 101L), seen);
        second.dispose();
        assertEquals(40, budget.free());
        assertTrue(made.stream().allMatch(b -> b.refCnt() == 0));
    }
}
