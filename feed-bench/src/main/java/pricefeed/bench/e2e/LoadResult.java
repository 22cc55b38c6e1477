package pricefeed.bench.e2e;

/**
 * What the load client reported for one run.
 *
 * @param seconds           its measured span (after its warm-up)
 * @param messages          tick messages delivered over all clients in the window
 * @param messagesPerSecond {@code messages / seconds}
 * @param p50Micros         median latency (receive time minus the tick's {@code ts})
 * @param p99Micros         99th percentile
 * @param p999Micros        99.9th percentile
 * @param maxMicros         the largest
 * @param gaps              places where seqs jumped (loss), over all clients and symbols
 * @param missing           seqs missing in those gaps
 * @param duplicates        ticks received twice or out of order
 * @param drops             connections the server ended before the run did or the client closed on a protocol error,
 *                          plus attempts that never opened
 */
record LoadResult(double seconds, long messages, double messagesPerSecond, double p50Micros, double p99Micros,
                  double p999Micros, double maxMicros, long gaps, long missing, long duplicates, long drops) {

    /** Stands for a run that failed before the client reported anything. */
    static final LoadResult NONE = new LoadResult(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
