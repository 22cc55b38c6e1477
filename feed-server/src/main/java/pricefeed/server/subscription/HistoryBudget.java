package pricefeed.server.subscription;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many ticks all symbols' histories may hold together, so that the direct memory they take stays within
 * a bound whatever {@code --symbols} × {@code --history} asks for (10,000 symbols × 1024 ticks would be about
 * 2.5 GiB). A history grows into its {@code --history} only while the budget has room; past it, it keeps the
 * ticks it has room for, and a resume from further back is answered with a snapshot, as PROTOCOL.md §4 allows
 * when the history no longer reaches back. Thread-safe.
 */
public final class HistoryBudget {

    /** Direct memory one stored tick takes: a slot as long as the longest tick frame (263 bytes). */
    public static final int BYTES_PER_TICK = TickHistory.SLOT_BYTES;

    private static final Logger LOG = LoggerFactory.getLogger(HistoryBudget.class);

    private final long limit;
    private final AtomicLong free;
    private final AtomicBoolean reachedReported = new AtomicBoolean();

    private HistoryBudget(long ticks) {
        this.limit = ticks;
        this.free = new AtomicLong(ticks);
    }

    /** @return a budget that never runs out (tests, and the start-up warm-up's tiny universe) */
    public static HistoryBudget unlimited() {
        return new HistoryBudget(Long.MAX_VALUE);
    }

    /**
     * @param bytes the direct memory histories may take together
     * @return a budget of that many bytes' worth of ticks
     */
    public static HistoryBudget ofBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
        }
        return new HistoryBudget(bytes / BYTES_PER_TICK);
    }

    /** @return ticks the histories may hold together */
    public long limit() {
        return limit;
    }

    /** @return ticks taken: the room all histories hold now */
    public long taken() {
        return limit - free.get();
    }

    /** @return ticks not yet taken */
    public long free() {
        return free.get();
    }

    /**
     * @param wanted ticks a history wants room for
     * @return ticks granted, from 0 to {@code wanted}
     */
    int reserve(int wanted) {
        while (true) {
            long now = free.get();
            int granted = (int) Math.min(now, wanted);
            if (granted == 0) {
                if (wanted > 0 && !reachedReported.get() && reachedReported.compareAndSet(false, true)) {
                    LOG.warn("tick history budget reached ({} ticks, about {} MiB): symbols' histories stop growing"
                            + " short of --history, so resumes reach back less far; lower --history or --symbols,"
                            + " or raise -XX:MaxDirectMemorySize", limit, limit * BYTES_PER_TICK >> 20);
                }
                return 0;
            }
            if (free.compareAndSet(now, now - granted)) {
                return granted;
            }
        }
    }

    /** @param ticks room given back by a history that is gone */
    void release(int ticks) {
        free.addAndGet(ticks);
    }
}
