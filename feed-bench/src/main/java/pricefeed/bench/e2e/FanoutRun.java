package pricefeed.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One fan-out load run: a fresh server at a tick rate, the load client's clients all subscribed to {@code *},
 * the server's CPU sampled throughout; judged sustained when delivered ≈ offered with no loss and bounded p99.
 */
final class FanoutRun {

    /** Left out at the end of the CPU window: the clients disconnect then. */
    private static final Duration TAIL = Duration.ofSeconds(1);

    private final E2eSettings settings;
    private final Launcher launcher;
    private final LoadClient client;
    private final ProcFs proc;

    /**
     * @param settings the run's settings
     * @param launcher starts servers
     * @param client   the load client
     * @param proc     reads CPU time
     */
    FanoutRun(E2eSettings settings, Launcher launcher, LoadClient client, ProcFs proc) {
        this.settings = settings;
        this.launcher = launcher;
        this.client = client;
        this.proc = proc;
    }

    /**
     * @param kind     the server
     * @param tickRate ticks per second over all symbols
     * @param duration how long the load client measures
     * @param name     names the log files
     * @return the run's figures and verdict
     */
    StepResult run(ServerKind kind, double tickRate, Duration duration, String name) {
        Path dir = settings.out();
        List<String> flags = new ArrayList<>(settings.jvmFlags());
        if (settings.profiled().contains(kind)) {
            flags.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + dir.resolve(kind.label() + "-" + name + ".jfr"));
        }
        try (ServerProcess server = launcher.start(kind, flags, tickRate,
                dir.resolve(kind.label() + "-" + name + "-server.log"));
             CpuSampler cpu = new CpuSampler(proc, server.pid())) {
            long start = System.nanoTime();
            LoadResult load = client.run(server.url(), duration, dir.resolve(kind.label() + "-" + name + "-client.log"));
            long end = System.nanoTime();
            if (!server.alive()) {
                throw new IllegalStateException(kind.label() + " died during " + name);
            }
            double cpuPerSecond = cpu.cpuPerSecond(start + settings.warmup().toNanos(), end - TAIL.toNanos());
            double offered = tickRate * settings.clients();
            return new StepResult(kind, tickRate, offered, load, cpuPerSecond, judge(load, offered));
        }
    }

    private StepResult.Verdict judge(LoadResult load, double offered) {
        double ratio = load.messagesPerSecond() / offered;
        if (ratio < settings.minDelivered()) {
            return new StepResult.Verdict(false, String.format("delivered %.1f%% of offered", ratio * 100));
        }
        if (load.gaps() > 0 || load.drops() > 0) {
            return new StepResult.Verdict(false, load.gaps() + " ticks lost, " + load.drops() + " connections dropped");
        }
        if (load.p99Micros() > settings.maxP99().toNanos() / 1e3) {
            return new StepResult.Verdict(false, String.format("p99 %.1f ms", load.p99Micros() / 1e3));
        }
        return new StepResult.Verdict(true, "");
    }
}
