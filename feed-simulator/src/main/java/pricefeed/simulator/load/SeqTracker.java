package pricefeed.simulator.load;

import java.util.Arrays;
import java.util.Objects;

/**
 * One connection's view of the seqs (PROTOCOL.md §4): per symbol id, the last seq seen. A tick at
 * last + 1 is in order; above it, the seqs in between are missing (a gap) or, on a throttled
 * subscription, conflated by design; at or below it, a duplicate, which leaves the baseline where it was.
 * A snapshot sets the baseline without a check; so does the first tick of a symbol; a new epoch clears
 * every baseline. Confined to the connection's event loop.
 */
final class SeqTracker {

    private static final long UNKNOWN = -1;
    private static final int INITIAL_SYMBOLS = 16;

    private final boolean throttled;
    private long[] last = unknowns(INITIAL_SYMBOLS);
    private String epoch;

    /** @param throttled whether the subscription has a throttle, so that skipped seqs are conflation */
    SeqTracker(boolean throttled) {
        this.throttled = throttled;
    }

    /**
     * @param symbolId the symbol's id ({@code >= 0})
     * @param seq      the snapshot's seq
     */
    void snapshot(int symbolId, long seq) {
        ensure(symbolId);
        last[symbolId] = seq;
    }

    /**
     * @param symbolId the symbol's id ({@code >= 0})
     * @param seq      the tick's seq
     * @param stats    where gaps, conflation and duplicates are counted
     */
    void tick(int symbolId, long seq, IntervalStats stats) {
        ensure(symbolId);
        long prev = last[symbolId];
        if (prev != UNKNOWN) {
            if (seq <= prev) {
                stats.duplicates++;
                return;
            }
            long skipped = seq - prev - 1;
            if (skipped > 0) {
                if (throttled) {
                    stats.conflated += skipped;
                } else {
                    stats.gaps++;
                    stats.missing += skipped;
                }
            }
        }
        last[symbolId] = seq;
    }

    /**
     * @param newEpoch the epoch of a {@code subscribed} reply
     * @param stats    where a reset is counted
     */
    void epoch(String newEpoch, IntervalStats stats) {
        if (epoch != null && !epoch.equals(newEpoch)) {
            Arrays.fill(last, UNKNOWN);
            stats.epochResets++;
        }
        epoch = Objects.requireNonNull(newEpoch, "newEpoch");
    }

    private void ensure(int symbolId) {
        if (symbolId >= last.length) {
            int old = last.length;
            last = Arrays.copyOf(last, Math.max(symbolId + 1, old * 2));
            Arrays.fill(last, old, last.length, UNKNOWN);
        }
    }

    private static long[] unknowns(int n) {
        long[] a = new long[n];
        Arrays.fill(a, UNKNOWN);
        return a;
    }
}
