package pricefeed.simulator;

/**
 * Turns wall-clock readings into simulated time: simulated time runs with the wall clock while the
 * simulation runs, stands still while it is paused or not started, and skips what exceeds the
 * catch-up limit after a stall, so neither a resume nor a stall turns into a burst of backlog ticks.
 * A wall clock stepping backwards only stalls it.
 */
final class Timeline {

    private final long maxGapMicros;
    private long simMicros;
    private long skippedMicros;
    private long lastWallMicros;
    private boolean running;

    /** @param maxGapMicros the most wall time one reading may add to simulated time */
    Timeline(long maxGapMicros) {
        this.maxGapMicros = maxGapMicros;
    }

    /**
     * @param wallMicros a wall-clock reading
     * @return simulated microseconds since the run began, after taking the reading into account
     */
    long advance(long wallMicros) {
        return advance(wallMicros, maxGapMicros);
    }

    /**
     * @param wallMicros a wall-clock reading
     * @param gapMicros  the most this reading may add, when it is less than the catch-up limit
     * @return simulated microseconds since the run began, after taking the reading into account
     */
    long advance(long wallMicros, long gapMicros) {
        if (running) {
            long gap = wallMicros - lastWallMicros;
            if (gap > 0) {
                long added = Math.min(gap, Math.min(gapMicros, maxGapMicros));
                simMicros += added;
                skippedMicros += gap - added;
            }
        }
        lastWallMicros = wallMicros;
        return simMicros;
    }

    /** @param wallMicros the instant simulated time starts (again) to run */
    void run(long wallMicros) {
        lastWallMicros = wallMicros;
        running = true;
    }

    /** @param wallMicros the instant simulated time stops */
    void stop(long wallMicros) {
        advance(wallMicros);
        running = false;
    }

    /** Starts a new run at simulated time 0, running or not as before. */
    void restart() {
        simMicros = 0;
    }

    /** @return wall time while running that was not simulated because it exceeded a limit, in total */
    long skippedMicros() {
        return skippedMicros;
    }

    /** @return simulated microseconds since the run began, as of the last reading */
    long simMicros() {
        return simMicros;
    }
}
