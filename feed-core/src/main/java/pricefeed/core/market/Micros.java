package pricefeed.core.market;

import java.time.Instant;

/** Wall-clock time in microseconds since the Unix epoch, the unit of every {@code ts} on the wire. */
public final class Micros {

    private Micros() {
    }

    /**
     * Reads the clock at microsecond resolution. {@code System.currentTimeMillis()} would do for
     * humans but not for latency: ticks are delivered in well under a millisecond.
     *
     * @return now, in microseconds since 1970-01-01T00:00:00Z
     */
    public static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
