package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pricefeed.core.market.Tick;

/** Checks the invariants every simulated tick stream must keep; shared by the model and simulator tests. */
public final class TickInvariants {

    private final Map<String, SymbolParams> params = new HashMap<>();
    private final Map<String, Tick> previous = new HashMap<>();
    private long checked;

    /** @param universe the symbols the ticks may belong to */
    public TickInvariants(List<SymbolParams> universe) {
        for (SymbolParams p : universe) {
            params.put(p.symbol(), p);
        }
    }

    /**
     * Asserts one tick: on its grid, 0 &lt; bid &lt; ask, last within [bid, ask], a positive round-lot
     * size, volume grown by exactly the size, seq +1 from the previous one (or 1 for the first).
     *
     * @param tick the next tick of its symbol
     */
    public void check(Tick tick) {
        SymbolParams p = params.get(tick.symbol());
        if (p == null) {
            fail("tick of an unknown symbol: " + tick);
        }
        long grid = p.tickSize();
        assertEquals(p.decimals(), tick.decimals(), tick::toString);
        assertEquals(0, tick.bid() % grid, () -> "bid off the grid: " + tick);
        assertEquals(0, tick.ask() % grid, () -> "ask off the grid: " + tick);
        assertEquals(0, tick.last() % grid, () -> "last off the grid: " + tick);
        assertTrue(tick.bid() > 0, () -> "bid not positive: " + tick);
        assertTrue(tick.bid() < tick.ask(), () -> "bid not below ask: " + tick);
        assertTrue(tick.last() >= tick.bid() && tick.last() <= tick.ask(), () -> "last outside the spread: " + tick);
        assertTrue(tick.size() > 0 && tick.size() % ModelConstants.LOT_SIZE == 0, () -> "odd size: " + tick);
        Tick before = previous.put(tick.symbol(), tick);
        long expectedSeq = before == null ? 1 : before.seq() + 1;
        long volumeBefore = before == null ? 0 : before.volume();
        assertEquals(expectedSeq, tick.seq(), () -> "seq gap: " + before + " then " + tick);
        assertEquals(volumeBefore + tick.size(), tick.volume(), () -> "volume: " + before + " then " + tick);
        checked++;
    }

    /** @return how many ticks passed */
    public long checked() {
        return checked;
    }
}
