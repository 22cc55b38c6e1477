package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.testing.CountingAllocator;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickHistoryTest {

    private final CountingAllocator slots = new CountingAllocator(true);
    private final CountingAllocator copies = new CountingAllocator(true);
    private final List<ByteBuf> made = new ArrayList<>();

    /** A 4-byte frame holding the number of frames made before it. */
    private ByteBuf frame() {
        ByteBuf b = Unpooled.buffer(4).writeInt(made.size());
        made.add(b);
        return b;
    }

    private TickHistory history(int capacity, HistoryBudget budget) {
        return new TickHistory(capacity, budget, slots.alloc());
    }

    /** @return a history of {@code capacity} with no budget limit, given ticks with seqs 1 to {@code ticks} */
    private TickHistory filled(int capacity, int ticks) {
        TickHistory h = history(capacity, HistoryBudget.unlimited());
        for (long seq = 1; seq <= ticks; seq++) {
            h.add(seq, frame());
        }
        return h;
    }

    /** @return each copied frame's number (see {@link #frame()}) by seq */
    private List<String> copied(TickHistory h, long fromSeq) {
        List<String> seen = new ArrayList<>();
        h.copyAfter(fromSeq, Long.MAX_VALUE, copies.alloc(), (b, seq) -> {
            seen.add(seq + ":" + b.getInt(b.readerIndex()));
            return release(b, true);
        });
        return seen;
    }

    /** @return the buffer that {@code b} is a view of, through the leak detector's wrappers and slices */
    private static ByteBuf root(ByteBuf b) {
        while (b.unwrap() != null) {
            b = b.unwrap();
        }
        return b;
    }

    /** What a sink does with a frame it was handed: it owns it. */
    private static boolean release(ByteBuf frame, boolean taken) {
        frame.release();
        return taken;
    }

    @AfterEach
    void theCallerKeepsItsFramesAndTheSlotsAreReleased() {
        assertTrue(made.stream().allMatch(b -> b.refCnt() == 1), "the history copies: it takes no reference");
        made.forEach(ByteBuf::release);
        slots.assertAllReleased();
        copies.assertAllReleased();
    }

    @Test
    void keepsTheLastCapacityTicks() {
        TickHistory h = filled(3, 5);
        assertEquals(3, h.oldestSeq());
        assertEquals(5, h.newestSeq());
        assertEquals(List.of("3:2", "4:3", "5:4"), copied(h, 0));
        h.clear();
        assertEquals(-1, h.oldestSeq());
        assertEquals(List.of(), copied(h, 0));
        h.dispose();
    }

    @Test
    void keepsACopySoTheSentFrameCanBeReused() {
        TickHistory h = history(3, HistoryBudget.unlimited());
        ByteBuf sent = frame();
        h.add(1, sent);
        sent.setInt(0, 99);
        assertEquals(List.of("1:0"), copied(h, 0));
        h.dispose();
    }

    @Test
    void aFrameHandedOutStaysIntactWhileTheHistoryMovesOn() {
        TickHistory h = history(2, HistoryBudget.unlimited());
        h.add(1, frame());
        h.add(2, frame());
        List<ByteBuf> kept = new ArrayList<>();
        h.copyAfter(0, Long.MAX_VALUE, copies.alloc(), (b, seq) -> kept.add(b));
        h.add(3, frame());
        h.add(4, frame()); // both slots now hold later ticks
        assertEquals(List.of(0, 1), kept.stream().map(b -> b.getInt(b.readerIndex())).toList());
        kept.forEach(ByteBuf::release);
        h.dispose();
    }

    @Test
    void oneCallCopiesIntoOneBuffer() {
        TickHistory h = filled(8, 8);
        List<ByteBuf> parents = new ArrayList<>();
        h.copyAfter(0, Long.MAX_VALUE, copies.alloc(), (b, seq) -> release(b, parents.add(root(b))));
        assertEquals(8, parents.size());
        assertTrue(parents.stream().allMatch(p -> p == parents.get(0)), "slices of one buffer: " + parents);
        h.dispose();
    }

    @Test
    void refusesAFrameLongerThanASlot() {
        TickHistory h = history(3, HistoryBudget.unlimited());
        ByteBuf tooLong = Unpooled.buffer().writeZero(TickHistory.SLOT_BYTES + 1);
        assertThrows(IllegalArgumentException.class, () -> h.add(1, tooLong));
        tooLong.release();
        ByteBuf longest = Unpooled.buffer().writeZero(TickHistory.SLOT_BYTES);
        h.add(1, longest);
        longest.release();
        assertEquals(1, h.copyAfter(0, Long.MAX_VALUE, copies.alloc(), (b, seq) -> {
            assertEquals(TickHistory.SLOT_BYTES, b.readableBytes());
            return release(b, true);
        }), "the longest frame was kept");
        h.dispose();
    }

    @Test
    void reachesOnlyWhenEveryLaterTickIsHeld() {
        TickHistory h = filled(3, 5);
        assertTrue(h.reaches(2, 5), "3,4,5 held");
        assertFalse(h.reaches(1, 5), "2 is gone");
        assertTrue(h.reaches(5, 5), "up to date");
        assertFalse(h.reaches(6, 5), "ahead of the symbol");
        assertFalse(h.reaches(4, 6), "history behind the symbol's seq");
        h.dispose();
    }

    @Test
    void replaysOnlyTicksAfterTheGivenSeqInOrder() {
        TickHistory h = filled(4, 6);
        assertEquals(List.of("5:4", "6:5"), copied(h, 4));
        assertEquals(6, h.copyAfter(4, Long.MAX_VALUE, copies.alloc(), (b, seq) -> release(b, true)));
        h.dispose();
    }

    @Test
    void handsOutAboutMaxBytesAtATimeAndStopsWhenTheSinkRefuses() {
        TickHistory h = filled(8, 8); // frames of 4 bytes each
        List<Long> seen = new ArrayList<>();
        assertEquals(5, h.copyAfter(2, 9, copies.alloc(), (b, seq) -> release(b, seen.add(seq))),
                "3 frames: the one crossing 9 bytes is handed out whole");
        assertEquals(List.of(3L, 4L, 5L), seen);
        assertEquals(6, h.copyAfter(5, Long.MAX_VALUE, copies.alloc(), (b, seq) -> release(b, seq < 7)),
                "7 refused: 6 was the last taken");
        assertEquals(8, h.copyAfter(8, Long.MAX_VALUE, copies.alloc(), (b, seq) -> release(b, true)),
                "nothing after the newest");
        h.dispose();
    }

    @Test
    void zeroCapacityKeepsNothing() {
        TickHistory h = history(0, HistoryBudget.unlimited());
        h.add(1, frame());
        assertFalse(h.reaches(0, 1));
        assertEquals(0, slots.usedBytes(), "no slots");
        h.dispose();
    }

    @Test
    void aLargeCapacityCostsNothingUpFrontAndGrowsWithTheTicks() {
        HistoryBudget budget = HistoryBudget.ofBytes(1_000_000L * HistoryBudget.BYTES_PER_TICK);
        TickHistory h = history(1_000_000, budget);
        assertEquals(0, h.length());
        assertEquals(1_000_000, budget.free(), "nothing taken before the first tick");
        assertEquals(0, slots.usedBytes());
        for (long seq = 1; seq <= 40; seq++) {
            h.add(seq, frame());
        }
        assertEquals(64, h.length(), "16, then doubled twice");
        assertEquals(1_000_000 - 64, budget.free());
        assertEquals(64L * HistoryBudget.BYTES_PER_TICK, slots.usedBytes(), "what the budget counts");
        List<String> seen = copied(h, 0);
        assertEquals(40, seen.size());
        for (int i = 0; i < 40; i++) {
            assertEquals((i + 1) + ":" + i, seen.get(i), "in order and intact across the growths");
        }
        h.dispose();
        assertEquals(1_000_000, budget.free(), "a removed symbol gives its room back");
    }

    @Test
    void historiesShareTheBudgetAndOneItStopsShortKeepsItsNewestTicks() {
        HistoryBudget budget = HistoryBudget.ofBytes(40L * HistoryBudget.BYTES_PER_TICK);
        TickHistory first = history(1024, budget);
        TickHistory second = history(1024, budget);
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
        assertEquals(List.of("93:124", "94:125", "95:126", "96:127", "97:128", "98:129", "99:130", "100:131",
                "101:132"), copied(second, 0));
        second.dispose();
        assertEquals(40, budget.free());
    }
}
