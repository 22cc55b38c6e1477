package pricefeed.bench.e2e;

/**
 * One load run against one server at one tick rate.
 *
 * @param server          which server
 * @param tickRate        ticks per second over all symbols
 * @param offeredPerSecond messages per second the clients should receive: tick rate × clients
 * @param load            the load client's report
 * @param cpuPerSecond    the server's CPU seconds per wall second in the steady window
 * @param verdict         why the step counts as sustained or not
 */
record StepResult(ServerKind server, double tickRate, double offeredPerSecond, LoadResult load,
                  double cpuPerSecond, Verdict verdict) {

    /**
     * @param sustained whether delivered ≈ offered, nothing lost and p99 bounded
     * @param reason    one line on what failed, empty when sustained
     */
    record Verdict(boolean sustained, String reason) {
    }

    /** @return delivered / offered */
    double deliveredRatio() {
        return load.messagesPerSecond() / offeredPerSecond;
    }

    /** @return server CPU seconds per million delivered messages */
    double cpuSecondsPerMillion() {
        return cpuPerSecond / load.messagesPerSecond() * 1e6;
    }
}
