package pricefeed.simulator.load;

import org.HdrHistogram.Histogram;

/**
 * What one event loop counted between two hand-overs: plain fields written by that loop alone, then
 * handed to the reporting thread whole (see {@link LoopContext#flip()}), where intervals are merged with
 * {@link #add}. Latencies are in microseconds.
 */
final class IntervalStats {

    /** The largest latency recorded as it is: about 146,000 years, beyond any real {@code ts}. */
    static final long LATEST_MICROS = Long.MAX_VALUE / 2;

    /** Live ticks delivered to reading clients. */
    long ticks;
    /** Snapshots delivered to reading clients. */
    long snapshots;
    /** Every other message: subscribed, heartbeat, pong, error, ... */
    long other;
    /** {@code error} replies among {@link #other}. */
    long errors;
    /** Messages that neither the scanner nor the parser could read, and binary messages. */
    long malformed;
    /** Payload bytes of the delivered ticks and snapshots. */
    long bytes;
    /** Jumps forward in a symbol's seq on an unthrottled subscription. */
    long gaps;
    /** The seqs those jumps skipped. */
    long missing;
    /** Seqs skipped on a throttled subscription: conflation, not loss. */
    long conflated;
    /** Ticks whose seq was not above the symbol's last one. */
    long duplicates;
    /** Baselines dropped because the epoch changed. */
    long epochResets;
    /** Ticks of symbols beyond the per-loop symbol limit: delivered, but not checked for seq. */
    long untracked;
    /** Messages stalled clients read after they stalled (not delivered, not timed). */
    long backlog;
    /**
     * Tick latency: receipt minus {@code ts}, µs. The range grows with the largest value recorded, so an
     * hours-late tick is reported as it was (a fixed range would clamp it, silently); a run of sub-millisecond
     * latencies keeps a histogram of a few KiB.
     */
    final Histogram latency = new Histogram(LoadConstants.LATENCY_DIGITS);

    /**
     * @param readMicros when the socket read that brought the tick happened, µs since the epoch
     * @param tsMicros   the tick's {@code ts}; one later than the read counts as 0 (a clock ahead of ours), and
     *                   one so far back that the difference overflows counts as {@link #LATEST_MICROS}
     */
    void recordLatency(long readMicros, long tsMicros) {
        long micros = readMicros - tsMicros;
        boolean overflowed = ((readMicros ^ tsMicros) & (readMicros ^ micros)) < 0;
        latency.recordValue(overflowed ? LATEST_MICROS : Math.max(0, Math.min(micros, LATEST_MICROS)));
    }

    /** @return ticks plus snapshots: what "delivered messages" counts */
    long delivered() {
        return ticks + snapshots;
    }

    /**
     * Adds another interval's counts into this one.
     *
     * @param o the other interval
     */
    void add(IntervalStats o) {
        ticks += o.ticks;
        snapshots += o.snapshots;
        other += o.other;
        errors += o.errors;
        malformed += o.malformed;
        bytes += o.bytes;
        gaps += o.gaps;
        missing += o.missing;
        conflated += o.conflated;
        duplicates += o.duplicates;
        epochResets += o.epochResets;
        untracked += o.untracked;
        backlog += o.backlog;
        latency.add(o.latency);
    }
}
