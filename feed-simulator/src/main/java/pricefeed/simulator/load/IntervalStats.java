package pricefeed.simulator.load;

import org.HdrHistogram.Histogram;

/**
 * What one event loop counted between two hand-overs: plain fields written by that loop alone, then
 * handed to the reporting thread whole (see {@link LoopContext#flip()}), where intervals are merged with
 * {@link #add}. Latencies are in microseconds.
 */
final class IntervalStats {

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
    /** Tick latency: receipt minus {@code ts}, µs. */
    final Histogram latency = new Histogram(LoadConstants.MAX_LATENCY_MICROS, LoadConstants.LATENCY_DIGITS);

    /**
     * @param micros a tick's latency; clamped to 0 .. {@link LoadConstants#MAX_LATENCY_MICROS} (the clocks
     *               of server and client are the same machine's, so a negative value is a few µs of noise)
     */
    void recordLatency(long micros) {
        latency.recordValue(Math.max(0, Math.min(micros, LoadConstants.MAX_LATENCY_MICROS)));
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
