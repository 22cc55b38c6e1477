package pricefeed.bench.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A heap class histogram ({@code jcmd PID GC.class_histogram}, live objects only) and the difference between
 * two: which classes the idle connections added, so a memory figure comes with where it goes.
 */
final class Histogram {

    /** {@code    1:         12345        1234567  [B (java.base@17.0.15)}. */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /**
     * Growth of one class.
     *
     * @param className the class as the histogram names it
     * @param instances added instances
     * @param bytes     added bytes (shallow)
     */
    record Growth(String className, long instances, long bytes) {
    }

    /** {@code Total        130849        9380264}. */
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

    private final Map<String, long[]> rows;
    private final long totalBytes;

    private Histogram(Map<String, long[]> rows, long totalBytes) {
        this.rows = rows;
        this.totalBytes = totalBytes;
    }

    /** @return the bytes of all live objects */
    long totalBytes() {
        return totalBytes;
    }

    /**
     * @param text the output of {@code GC.class_histogram}
     * @return its rows by class name
     * @throws IllegalStateException if it has no {@code Total} line (the JVM did not answer)
     */
    static Histogram parse(String text) {
        Map<String, long[]> rows = new HashMap<>();
        long total = -1;
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
            Matcher t = TOTAL.matcher(line);
            if (t.find()) {
                total = Long.parseLong(t.group(2));
            }
        }
        if (total < 0) {
            throw new IllegalStateException("no Total line in the class histogram: " + text);
        }
        return new Histogram(rows, total);
    }

    /**
     * @param before the earlier histogram
     * @param limit  how many classes to return
     * @return the classes that grew most in bytes since {@code before}, largest first
     */
    List<Growth> grownSince(Histogram before, int limit) {
        List<Growth> growth = new ArrayList<>();
        rows.forEach((name, now) -> {
            long[] then = before.rows.getOrDefault(name, new long[2]);
            growth.add(new Growth(name, now[0] - then[0], now[1] - then[1]));
        });
        growth.sort(Comparator.comparingLong(Growth::bytes).reversed());
        return growth.subList(0, Math.min(limit, growth.size()));
    }
}
