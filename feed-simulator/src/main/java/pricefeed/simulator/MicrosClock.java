package pricefeed.simulator;

import pricefeed.core.market.Micros;

/** Wall-clock microseconds since the Unix epoch: the time ticks are stamped with. */
@FunctionalInterface
interface MicrosClock {

    /**
     * The system clock at microsecond resolution. Reactor's default {@code Scheduler.now} only has
     * milliseconds, too coarse for latency measured from {@code ts}.
     */
    MicrosClock SYSTEM = Micros::now;

    /** @return the current instant in microseconds since the Unix epoch */
    long nowMicros();
}
