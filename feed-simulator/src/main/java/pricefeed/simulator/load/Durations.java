package pricefeed.simulator.load;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/** Durations as the command line writes them: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 3m}, {@code 1h}, {@code 0}. */
final class Durations {

    private Durations() {
    }

    /** Longer than any load test should run; keeps the arithmetic far from overflow. */
    private static final Duration MAX = Duration.ofDays(7);

    /**
     * @param text a number followed by {@code ms}, {@code s}, {@code m} or {@code h}; a bare {@code 0}
     * @return the duration
     * @throws IllegalArgumentException if the text is not such a duration, is negative, or exceeds a week
     */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        long unitNanos;
        String number;
        if (t.endsWith("ms")) {
            unitNanos = 1_000_000L;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unitNanos = 1_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unitNanos = 60_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unitNanos = 3_600_000_000_000L;
            number = t.substring(0, t.length() - 1);
        } else {
            throw new IllegalArgumentException("no unit");
        }
        if (number.isEmpty() || !number.matches("[0-9]{1,9}(\\.[0-9]{1,9})?")) {
            throw new IllegalArgumentException("not a number");
        }
        BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos));
        if (nanos.compareTo(BigDecimal.valueOf(MAX.toNanos())) > 0) {
            throw new IllegalArgumentException("too long");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * @param d a duration
     * @return it the way {@link #parse} reads it back: {@code 250ms}, {@code 2s}, {@code 1.5s}
     */
    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis == 0) {
            return d.isZero() ? "0s" : BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString() + "ms";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString() + "s";
    }

    /**
     * @param nanos a span in nanoseconds
     * @return it in seconds, as a double
     */
    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
