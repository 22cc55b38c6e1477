package pricefeed.bench.e2e;

/**
 * One load run against one server at one tick rate.
 *
 * @param server          which server
 * @param tickRate        ticks per second over all symbols
 * @param offeredPerSecond messages per second the clients should receive: tick rate × clients
 * @param load            the load client's report
 * @param serverCpu       the server's CPU use in the steady window
 * @param clientCpu       the load client's (the harness process), same window: near 1, the client is the limit
 * @param gc              the server's GC pauses over its life
 * @param verdict         why the step counts as sustained or not
 */
record StepResult(ServerKind server, double tickRate, double offeredPerSecond, LoadResult load,
                  CpuSampler.Usage serverCpu, CpuSampler.Usage clientCpu, GcLog gc, Verdict verdict) {

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

    /** @return server CPU seconds (user + system) per million delivered messages */
    double cpuSecondsPerMillion() {
        return serverCpu.totalPerSecond() / load.messagesPerSecond() * 1e6;
    }
}
