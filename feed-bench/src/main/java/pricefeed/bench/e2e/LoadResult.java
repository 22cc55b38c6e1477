package pricefeed.bench.e2e;

/**
 * What the load client reported for one run.
 *
 * @param seconds           its measurement window
 * @param messages          tick messages delivered over all clients in the window
 * @param messagesPerSecond {@code messages / seconds}
 * @param p50Micros         median latency (receive time minus the tick's {@code ts})
 * @param p99Micros         99th percentile
 * @param p999Micros        99.9th percentile
 * @param maxMicros         the largest
 * @param gaps              ticks missing by seq, over all clients and symbols
 * @param duplicates        ticks received twice or out of order
 * @param drops             connections the server dropped or that failed
 */
record LoadResult(double seconds, long messages, double messagesPerSecond, double p50Micros, double p99Micros,
                  double p999Micros, double maxMicros, long gaps, long duplicates, long drops) {

    /** Stands for a run that failed before the client reported anything. */
    static final LoadResult NONE = new LoadResult(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
