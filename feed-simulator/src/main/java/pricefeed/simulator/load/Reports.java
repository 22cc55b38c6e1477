package pricefeed.simulator.load;

import org.HdrHistogram.Histogram;

/** Turns a run's merged figures and its census into a {@link LoadReport}. */
final class Reports {

    private Reports() {
    }

    private static final double MICROS_PER_MS = 1000.0;
    private static final double NANOS_PER_MS = 1_000_000.0;

    /**
     * @param plan          what was run
     * @param census        the connections' fate
     * @param totals        the measured span's figures (and the stalled clients' backlog)
     * @param measuredNanos how long the measured span was
     * @param idleStillOpen idle connections open when the run ended
     * @return the report
     */
    static LoadReport build(LoadPlan plan, Census census, IntervalStats totals, long measuredNanos,
                            int idleStillOpen) {
        double seconds = Durations.seconds(measuredNanos);
        LoadReport.Connections connections = new LoadReport.Connections(census.attemptedCount(),
                census.openedCount(), census.subscribedCount(), census.failedCount(), census.failures(), census.firstFailure(),
                census.droppedCount(), census.droppedByCode(), census.protocolErrorCount(),
                census.protocolErrorsByCode());
        LoadReport.Messages messages = new LoadReport.Messages(totals.delivered(),
                seconds > 0 ? totals.delivered() / seconds : Double.NaN, totals.ticks, totals.snapshots,
                totals.other, totals.errors, census.firstError(), totals.malformed, totals.bytes);
        LoadReport.Sequence sequence = new LoadReport.Sequence(totals.gaps, totals.missing, totals.conflated,
                totals.duplicates, totals.epochResets, totals.untracked);
        long[] toDrop = census.stalledDropNanos();
        LoadReport.Stalled stalled = new LoadReport.Stalled(plan.stalled(), census.stalledCount(),
                census.stalledDroppedCount(), census.stalledDroppedWithClose1008(),
                toDrop.length == 0 ? Double.NaN : median(toDrop) / NANOS_PER_MS,
                toDrop.length == 0 ? Double.NaN : toDrop[toDrop.length - 1] / NANOS_PER_MS, totals.backlog);
        LoadReport.Idle idle = new LoadReport.Idle(plan.idle(), census.idleOpened(), idleStillOpen);
        return new LoadReport(plan, seconds, connections, messages, latency(totals.latency), sequence, stalled,
                idle);
    }

    /**
     * @param h latencies in µs
     * @return its summary in ms; NaN throughout when it is empty
     */
    static LoadReport.Latency latency(Histogram h) {
        long n = h.getTotalCount();
        if (n == 0) {
            return new LoadReport.Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LoadReport.Latency(n,
                h.getValueAtPercentile(50) / MICROS_PER_MS,
                h.getValueAtPercentile(90) / MICROS_PER_MS,
                h.getValueAtPercentile(99) / MICROS_PER_MS,
                h.getValueAtPercentile(99.9) / MICROS_PER_MS,
                h.getMaxValue() / MICROS_PER_MS,
                h.getMean() / MICROS_PER_MS);
    }

    private static double median(long[] sorted) {
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
