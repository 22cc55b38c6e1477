package pricefeed.server.web;

import io.netty.handler.codec.DateFormatter;

import java.util.Date;

/**
 * The {@code Date} header's value: RFC 9110 §6.6.1 has an origin server with a clock send it in every 2xx,
 * 3xx and 4xx response (we send it in 5xx too). Its format is IMF-fixdate (§5.6.7), e.g.
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}, as Netty's {@link DateFormatter} writes it (the JDK's
 * {@code RFC_1123_DATE_TIME} writes one-digit days).
 *
 * <p>The text changes once a second, so the last one is kept: answers to a crowd of connections over the
 * limit must cost next to nothing.
 */
final class HttpDate {

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
            second = new Second(epochSecond, DateFormatter.format(new Date(epochSecond * 1000)));
            last = second;
        }
        return second.text();
    }
}
