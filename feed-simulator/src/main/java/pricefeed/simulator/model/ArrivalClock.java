package pricefeed.simulator.model;

/**
 * Maps simulated seconds to operational time and back. All symbols arrive at the same rate, so a
 * symbol's arrivals are unit-rate exponential gaps in operational time, which advances at the
 * per-symbol rate. A rate change only re-anchors the mapping: queued arrivals keep their operational
 * times, and the waits still to run are rescaled exactly as a Poisson process's memorylessness allows.
 */
final class ArrivalClock {

    private double originSeconds;
    private double originTau;
    private double rate;

    /** @param rate arrivals per symbol per simulated second, positive */
    ArrivalClock(double rate) {
        this.rate = rate;
    }

    /**
     * @param seconds a simulated time at or after the last re-anchoring
     * @return the operational time then
     */
    double tauAt(double seconds) {
        return originTau + (seconds - originSeconds) * rate;
    }

    /**
     * @param tau an operational time at or after the last re-anchoring
     * @return the simulated time then, in seconds
     */
    double secondsAt(double tau) {
        return originSeconds + (tau - originTau) / rate;
    }

    /**
     * @param seconds the simulated instant the new rate starts
     * @param newRate arrivals per symbol per simulated second from then on, positive
     */
    void changeRate(double seconds, double newRate) {
        originTau = tauAt(seconds);
        originSeconds = seconds;
        rate = newRate;
    }

    /** @return arrivals per symbol per simulated second */
    double rate() {
        return rate;
    }
}
