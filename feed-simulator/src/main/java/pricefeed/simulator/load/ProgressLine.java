package pricefeed.simulator.load;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Locale;

/**
 * The line printed every {@code --progress}:
 * {@code t=5s conns=100/100 msgs/s=612,345 p50=0.41ms p99=1.20ms gaps=0 dups=0 drops=0}, then
 * {@code failed=} once connection attempts failed, {@code protocolErrors=} once the server broke the protocol,
 * {@code conflated=} on a throttled run, {@code stalled=S/N dropped=D} with stalled clients and
 * {@code idle=O/N} with idle connections. Rate and percentiles cover the time since the previous line;
 * gaps, duplicates and drops count from the start.
 */
final class ProgressLine {

    private ProgressLine() {
    }

    /**
     * @param plan          the run
     * @param at            the line's nominal time since the start
     * @param recent        figures since the previous line
     * @param recentNanos   how long since the previous line
     * @param cumulative    figures since the start
     * @param census        connection counts
     * @return the line, without a line break
     */
    static String format(LoadPlan plan, Duration at, IntervalStats recent, long recentNanos,
                         IntervalStats cumulative, Census census) {
        StringBuilder sb = new StringBuilder(128);
        double seconds = Durations.seconds(recentNanos);
        long rate = seconds > 0 ? Math.round(recent.delivered() / seconds) : 0;
        sb.append("t=").append(Durations.format(at))
                .append(" conns=").append(census.clientsOpen()).append('/').append(plan.clients())
                .append(" msgs/s=").append(ReportTable.count(rate))
                .append(" p50=").append(percentile(recent.latency, 50))
                .append(" p99=").append(percentile(recent.latency, 99))
                .append(" gaps=").append(cumulative.gaps)
                .append(" dups=").append(cumulative.duplicates)
                .append(" drops=").append(census.droppedCount());
        if (census.failedCount() > 0) {
            sb.append(" failed=").append(census.failedCount());
        }
        if (census.protocolErrorCount() > 0) {
            sb.append(" protocolErrors=").append(census.protocolErrorCount());
        }
        if (plan.throttleMs() > 0) {
            sb.append(" conflated=").append(cumulative.conflated);
        }
        if (plan.stalled() > 0) {
            sb.append(" stalled=").append(census.stalledCount()).append('/').append(plan.stalled())
                    .append(" dropped=").append(census.stalledDroppedCount());
        }
        if (plan.idle() > 0) {
            sb.append(" idle=").append(census.idleOpen()).append('/').append(plan.idle());
        }
        return sb.toString();
    }

    private static String percentile(Histogram h, double p) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fms", h.getValueAtPercentile(p) / 1000.0);
    }
}
