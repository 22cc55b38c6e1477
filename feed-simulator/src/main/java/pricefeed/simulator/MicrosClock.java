package pricefeed.simulator;

import java.time.Clock;
import java.time.Instant;

/** Wall-clock microseconds since the Unix epoch: the time ticks are stamped with. */
@FunctionalInterface
interface MicrosClock {

    /**
     * The system clock at microsecond resolution. Reactor's default {@code Scheduler.now} only has
     * milliseconds, too coarse for latency measured from {@code ts}.
     */
    MicrosClock SYSTEM = () -> {
        Instant now = Clock.systemUTC().instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    };

    /** @return the current instant in microseconds since the Unix epoch */
    long nowMicros();
}
