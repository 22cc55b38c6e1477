package pricefeed.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text forms of byte sizes and durations, both ways.
 *
 * <p>Sizes are plain bytes or carry a 1024-based suffix {@code KiB}, {@code MiB}, {@code GiB}
 * (case-insensitive). {@code KB}/{@code MB} are rejected on purpose: half the world reads them as
 * 1000-based, the other half (the JVM's own {@code -Xmx1m}) as 1024-based. Durations are
 * {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT5S}); a bare {@code 0} is zero,
 * which needs no unit (as the load client reads it too).
 */
final class Quantities {

    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long GIB = 1024 * MIB;

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,19})(b|kib|mib|gib)?");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,15})(ms|s|m|h)");

    private Quantities() {
    }

    /**
     * @param text e.g. {@code 65536}, {@code 64KiB}, {@code 1MiB}
     * @return the number of bytes, or -1 when the text is not a size (or overflows a long)
     */
    static long parseSize(String text) {
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return -1;
        }
        try {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2);
            long factor = switch (unit) {
                case "kib" -> KIB;
                case "mib" -> MIB;
                case "gib" -> GIB;
                default -> 1;
            };
            return Math.multiplyExact(n, factor);
        } catch (NumberFormatException | ArithmeticException overflow) {
            return -1;
        }
    }

    /**
     * @param bytes a size
     * @return the shortest exact form: {@code 1MiB}, {@code 64KiB}, or plain bytes
     */
    static String formatSize(long bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + "GiB";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return Long.toString(bytes);
    }

    /**
     * @param text e.g. {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code PT5S}, {@code 0}
     * @return the duration, or {@code null} when the text is not one
     */
    static Duration parseDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("p") || lower.startsWith("-p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(lower);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /**
     * @param d a duration
     * @return the shortest exact form in one unit ({@code 2m}, {@code 250ms}), else ISO-8601
     */
    static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative() || d.getNano() % 1_000_000 != 0) {
            return d.toString();
        }
        long millis = d.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
