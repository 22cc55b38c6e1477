package pricefeed.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stop-the-world pauses in a server's {@code -Xlog:gc} file, over its whole life (warm-up included): a
 * latency percentile is only as good as the pauses under it.
 *
 * @param pauses  how many
 * @param totalMs their sum
 * @param maxMs   the longest
 */
record GcLog(int pauses, double totalMs, double maxMs) {

    /** No log, or nothing in it. */
    static final GcLog NONE = new GcLog(0, 0, 0);

    /** {@code [14.705s][info][gc] GC(8) Pause Young (Allocation Failure) 308M->23M(977M) 12.143ms}. */
    private static final Pattern PAUSE = Pattern.compile("\\bPause\\b.* (\\d+(?:\\.\\d+)?)ms\\s*$");

    /**
     * @param log its log file, as passed in {@code -Xlog:gc:file=}
     * @return the {@code -Xlog} option that writes it
     */
    static String option(Path log) {
        return "-Xlog:gc:file=" + log;
    }

    /**
     * @param log the file
     * @return its pauses, {@link #NONE} if it cannot be read
     */
    static GcLog read(Path log) {
        try {
            return parse(Files.readString(log));
        } catch (IOException e) {
            return NONE;
        }
    }

    /**
     * @param text a {@code -Xlog:gc} log
     * @return its pauses
     */
    static GcLog parse(String text) {
        int pauses = 0;
        double total = 0;
        double max = 0;
        for (String line : text.split("\n")) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                double ms = Double.parseDouble(m.group(1));
                pauses++;
                total += ms;
                max = Math.max(max, ms);
            }
        }
        return new GcLog(pauses, total, max);
    }
}
