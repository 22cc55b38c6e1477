package pricefeed.server.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} header's value: RFC 9110 §6.6.1 has an origin server with a clock send it in every 2xx,
 * 3xx and 4xx response (we send it in 5xx too). Its format is IMF-fixdate (§5.6.7), e.g.
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}: two-digit day, always GMT, English names, which
 * {@link DateTimeFormatter#RFC_1123_DATE_TIME} is not (it writes one-digit days).
 *
 * <p>The text changes once a second, so the last one is kept: answers to a crowd of connections over the
 * limit must cost next to nothing.
 */
final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** One second's text; replaced whole, so a reader never pairs one second with another's text. */
    private record Second(long epochSecond, String text) {
    }

    private static volatile Second last = new Second(Long.MIN_VALUE, "");

    private HttpDate() {
    }

    /**
     * @param epochMillis a time, ms since 1970 UTC
     * @return it as IMF-fixdate, to the second
     */
    static String of(long epochMillis) {
        long epochSecond = Math.floorDiv(epochMillis, 1000L);
        Second second = last;
        if (second.epochSecond() != epochSecond) {
            second = new Second(epochSecond, IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond)));
            last = second;
        }
        return second.text();
    }
}
