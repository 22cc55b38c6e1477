package pricefeed.simulator.model;

import java.util.SplittableRandom;

/**
 * One symbol's mid price: geometric Brownian motion with compensated Poisson jumps, stepped over the
 * symbol's own simulated time. The mid stays between one tick and the model's largest price.
 */
final class PricePath {

    private final double minMid;
    private final double maxMid;
    private final double minLog;
    private final double maxLog;
    private double logMid;
    private double mid;
    private double volatility;
    private double drift;
    private double jumpsPerSecond;
    private long jumps;

    /**
     * @param mid          the starting mid
     * @param volatility   annualised volatility
     * @param drift        annualised drift
     * @param jumpsPerHour jump intensity per simulated hour
     * @param minMid       the lowest mid allowed (one tick)
     * @param maxMid       the highest mid allowed
     */
    PricePath(double mid, double volatility, double drift, double jumpsPerHour, double minMid, double maxMid) {
        this.minMid = minMid;
        this.maxMid = maxMid;
        this.minLog = Math.log(minMid);
        this.maxLog = Math.log(maxMid);
        this.volatility = volatility;
        this.drift = drift;
        this.jumpsPerSecond = jumpsPerHour / ModelConstants.SECONDS_PER_HOUR;
        setLog(Math.log(mid));
        if (mid >= minMid && mid <= maxMid) {
            this.mid = mid; // exactly the given price, not exp(log(price)), until the first move
        }
    }

    /**
     * Moves the mid over {@code dtSeconds} of simulated time. Draws, in this order: one Gaussian for the
     * diffusion, one uniform for the jump count, and one Gaussian for the jumps' total size if any.
     *
     * @param dtSeconds simulated seconds since the previous step, at least 0
     * @param random    the symbol's own stream
     */
    void step(double dtSeconds, SplittableRandom random) {
        double dtYears = dtSeconds / ModelConstants.SECONDS_PER_YEAR;
        double z = random.nextGaussian();
        double u = random.nextDouble();
        double jumpsPerYear = jumpsPerSecond * ModelConstants.SECONDS_PER_YEAR;
        double logReturn = (drift - 0.5 * volatility * volatility - jumpsPerYear * ModelConstants.JUMP_COMPENSATOR)
                * dtYears + volatility * Math.sqrt(dtYears) * z;
        long count = jumpCount(jumpsPerSecond * dtSeconds, u, random);
        if (count > 0) {
            // The sum of n normal jumps is itself normal: one draw whatever n.
            logReturn += count * ModelConstants.JUMP_MEAN
                    + Math.sqrt(count) * ModelConstants.JUMP_STDEV * random.nextGaussian();
            jumps += count;
        }
        setLog(logMid + logReturn);
    }

    /**
     * Multiplies the mid by {@code 1 + fraction} at once.
     *
     * @param fraction e.g. -0.05 for a 5% fall; greater than -1
     */
    void shock(double fraction) {
        setLog(logMid + Math.log1p(fraction));
    }

    /** @return the current mid as a plain number */
    double mid() {
        return mid;
    }

    /** @return annualised volatility */
    double volatility() {
        return volatility;
    }

    /** @param volatility the new annualised volatility */
    void volatility(double volatility) {
        this.volatility = volatility;
    }

    /** @return annualised drift */
    double drift() {
        return drift;
    }

    /** @param drift the new annualised drift */
    void drift(double drift) {
        this.drift = drift;
    }

    /** @return how many jumps this path has taken */
    long jumps() {
        return jumps;
    }

    /**
     * Inverts the Poisson distribution function at {@code u}; for a large mean, uses its normal
     * approximation so the loop stays short.
     */
    static long jumpCount(double mean, double u, SplittableRandom random) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > ModelConstants.POISSON_NORMAL_THRESHOLD) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double p = Math.exp(-mean);
        double cumulative = p;
        long k = 0;
        while (u > cumulative && p > 0) {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }

    private void setLog(double value) {
        // exp(log(x)) is not x to the last bit, and the mid is read back as a price that must pass the same
        // bounds: a path on its floor or ceiling sits on exactly that value, and never an ulp beyond either.
        if (value <= minLog) {
            logMid = minLog;
            mid = minMid;
        } else if (value >= maxLog) {
            logMid = maxLog;
            mid = maxMid;
        } else {
            logMid = value;
            mid = Math.min(maxMid, Math.max(minMid, Math.exp(value)));
        }
    }
}
