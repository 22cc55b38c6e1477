package pricefeed.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One fan-out load run: a fresh server at a tick rate, warmed up by a first load-client run, then measured with
 * a second one on new connections, all subscribed to {@code *}; the server's and the client's CPU are sampled
 * throughout; judged sustained when delivered ≈ offered with no loss and bounded p99.
 */
final class FanoutRun {

    /** Left out of the CPU window at both ends of the measured span. */
    static final Duration MARGIN = Duration.ofSeconds(1);

    private final E2eSettings settings;
    private final Launcher launcher;
    private final LoadClient client;
    private final ProcFs proc;
    private final Pinning pinning;

    /**
     * @param settings the run's settings
     * @param launcher starts servers
     * @param client   the load client
     * @param proc     reads CPU time
     * @param pinning  where the server and the load client run, for their CPUs' steal time
     */
    FanoutRun(E2eSettings settings, Launcher launcher, LoadClient client, ProcFs proc, Pinning pinning) {
        this.settings = settings;
        this.launcher = launcher;
        this.client = client;
        this.proc = proc;
        this.pinning = pinning;
    }

    /**
     * @param kind     the server
     * @param tickRate ticks per second over all symbols
     * @param serverWarmup how long the server runs under the same load before the measured run
     * @param duration how long the load client measures, after the warm-up
     * @param name     names the log files
     * @return the run's figures and verdict
     */
    StepResult run(ServerKind kind, double tickRate, Duration serverWarmup, Duration duration, String name) {
        Path dir = settings.out();
        List<String> flags = new ArrayList<>(settings.jvmFlags());
        Path gcLog = dir.resolve(kind.label() + "-" + name + "-gc.log");
        flags.add(GcLog.option(gcLog));
        if (settings.profiled().contains(kind)) {
            flags.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + dir.resolve(kind.label() + "-" + name + ".jfr"));
        }
        try (ServerProcess server = launcher.start(kind, flags, tickRate,
                dir.resolve(kind.label() + "-" + name + "-server.log"));
             CpuSampler cpu = new CpuSampler(proc, server.pid(), pinning.placed(settings.serverCpu()))) {
            if (!serverWarmup.isZero()) {
                // The same load on its own connections first: the JIT compiles the server's hot paths under
                // load, so the measured run sees its steady state rather than a cold start.
                client.run(server.url(), Duration.ZERO, serverWarmup,
                        dir.resolve(kind.label() + "-" + name + "-warmup-client.log"));
            }
            // The load client runs in this JVM. Its garbage so far is collected now, so that its own next young
            // collection (a pause of 10-20 ms) comes after the measured span instead of counting against the server.
            System.gc();
            long start = System.nanoTime();
            LoadResult load;
            CpuSampler.Usage serverCpu;
            CpuSampler.Usage loadCpu;
            try (CpuSampler clientCpu = new CpuSampler(proc, ProcessHandle.current().pid(),
                    pinning.placed(settings.clientCpu()))) {
                load = client.run(server.url(), settings.warmup(), duration,
                        dir.resolve(kind.label() + "-" + name + "-client.log"));
                // Inside the measured span with a second's margin at both ends: the load is steady there.
                long from = start + settings.warmup().plus(MARGIN).toNanos();
                long to = start + settings.warmup().plus(duration).minus(MARGIN).toNanos();
                serverCpu = cpu.usage(from, to);
                loadCpu = clientCpu.usage(from, to);
            }
            if (!server.alive()) {
                throw new IllegalStateException(kind.label() + " died during " + name);
            }
            double offered = tickRate * settings.clients();
            server.close(); // flushes the GC log
            return new StepResult(kind, tickRate, offered, load, serverCpu, loadCpu, GcLog.read(gcLog),
                    judge(load, offered));
        }
    }

    private StepResult.Verdict judge(LoadResult load, double offered) {
        double ratio = load.messagesPerSecond() / offered;
        if (ratio < settings.minDelivered()) {
            return new StepResult.Verdict(false, String.format("delivered %.1f%% of offered", ratio * 100));
        }
        if (load.gaps() > 0 || load.duplicates() > 0 || load.drops() > 0) {
            return new StepResult.Verdict(false, load.missing() + " ticks lost in " + load.gaps() + " gaps, "
                    + load.duplicates() + " duplicates, " + load.drops() + " connections dropped");
        }
        if (load.p99Micros() > settings.maxP99().toNanos() / 1e3) {
            return new StepResult.Verdict(false, String.format("p99 %.1f ms", load.p99Micros() / 1e3));
        }
        return new StepResult.Verdict(true, "");
    }
}
