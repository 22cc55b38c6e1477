package pricefeed.simulator.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Latencies are recorded as they were, whatever their size; only a {@code ts} from the future is 0. */
class IntervalStatsTest {

    private static final long NOW = 1_763_712_000_000_000L;
    private static final long HOUR = 3_600_000_000L;

    @Test
    void ticksHoursLateAreReportedHoursLateNotClampedToAFixedRange() {
        IntervalStats loop = new IntervalStats();
        loop.recordLatency(NOW, NOW - 3 * HOUR / 2);
        loop.recordLatency(NOW, NOW - 2 * HOUR);
        IntervalStats merged = new IntervalStats();
        merged.recordLatency(NOW, NOW - 250);
        merged.add(loop);

        assertEquals(3, merged.latency.getTotalCount());
        assertEquals(2 * HOUR, merged.latency.getMaxValue(), 2 * HOUR / 1000.0); // 3 significant digits
        assertEquals(HOUR * 3 / 2, merged.latency.getValueAtPercentile(50), HOUR * 3 / 2 / 1000.0);
        assertEquals(250, merged.latency.getMinValue());
    }

    @Test
    void aTsFromTheFutureIsZeroAndOneFromTheDistantPastIsTheLargestValueNotAnOverflow() {
        IntervalStats stats = new IntervalStats();
        stats.recordLatency(NOW, NOW + 5_000);
        assertEquals(0, stats.latency.getMaxValue());

        stats.recordLatency(NOW, 1);
        assertEquals(NOW - 1, stats.latency.getMaxValue(), (NOW - 1) / 1000.0);

        stats.recordLatency(NOW, Long.MIN_VALUE); // NOW - MIN_VALUE overflows to a negative number
        assertEquals(IntervalStats.LATEST_MICROS, stats.latency.getMaxValue(), IntervalStats.LATEST_MICROS / 1000.0);
        assertEquals(3, stats.latency.getTotalCount());
    }
}
