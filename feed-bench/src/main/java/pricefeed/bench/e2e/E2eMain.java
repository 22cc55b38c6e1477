package pricefeed.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The end-to-end fan-out benchmark: each server as its own pinned process, driven by the same load client,
 * measured the same way; prints a Markdown report and writes it, with every process's log, to the output
 * directory. Every process it starts is stopped, also when it fails.
 */
public final class E2eMain {

    private E2eMain() {
    }

    /**
     * @param args see {@link E2eSettings#usage()}
     */
    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(E2eSettings.usage());
            return;
        }
        E2eSettings settings;
        try {
            settings = E2eSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(E2eSettings.usage());
            System.exit(2);
            return;
        }
        try {
            String report = run(settings);
            System.out.println(report);
        } catch (RuntimeException e) {
            System.err.println("e2e: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0); // Reactor's and the samplers' daemon threads must not keep us
    }

    private static String run(E2eSettings s) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String jcmdPath = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Pinning pinning = Pinning.detect();
        Launcher launcher = new Launcher(s, pinning, java);
        LoadClient client = new LoadClient(s);
        ProcFs proc = ProcFs.open();
        checkPrerequisites(s);
        String misplaced = pinning.misplacedClient(s.clientCpu(), proc.cpusAllowedList());
        if (misplaced != null) {
            throw new IllegalStateException(misplaced);
        }
        createDirectories(s.out());
        Instant started = Instant.now();
        log("e2e: " + pinning.describe(s.serverCpu(), s.clientCpu()) + "; output in " + s.out());

        FanoutRun fanout = new FanoutRun(s, launcher, client, proc, pinning);
        List<StepResult> steps = new ArrayList<>();
        if (s.runs("fanout")) {
            Set<ServerKind> stepping = new LinkedHashSet<>(s.servers());
            for (double rate : s.steps()) {
                for (ServerKind kind : List.copyOf(stepping)) {
                    // The machine is shared: one noisy interval can fail a step, so a failed step gets retries.
                    StepResult step = null;
                    for (int attempt = 0; attempt <= s.retries() && (step == null || !step.verdict().sustained());
                         attempt++) {
                        String name = "step-" + (long) rate + (attempt == 0 ? "" : "-retry" + attempt);
                        step = safely(fanout, s, kind, rate, s.serverWarmup(), s.stepDuration(), name);
                        steps.add(step);
                    }
                    if (!step.verdict().sustained()) {
                        stepping.remove(kind); // higher rates only fail harder
                    }
                }
                if (stepping.isEmpty()) {
                    break;
                }
            }
        }
        Map<ServerKind, StepResult> latency = new EnumMap<>(ServerKind.class);
        if (s.runs("latency")) {
            for (ServerKind kind : s.servers()) {
                latency.put(kind, safely(fanout, s, kind, s.latencyTickRate(), s.latencyServerWarmup(),
                        s.latencyDuration(), "latency"));
            }
        }
        Map<ServerKind, MemoryResult> memory = new EnumMap<>(ServerKind.class);
        if (s.runs("idle")) {
            IdleMemoryRun idle = new IdleMemoryRun(s, launcher, proc, new Jcmd(jcmdPath));
            for (ServerKind kind : s.servers()) {
                log("e2e: " + kind.label() + ": " + s.idleConnections() + " idle connections");
                MemoryResult m = idle.measure(kind);
                log(String.format("e2e: %s: heap %.0f B, direct %.0f B, RSS %.0f B per connection", kind.label(),
                        m.heapPerConnection(), m.directPerConnection(), m.rssPerConnection()));
                memory.put(kind, m);
            }
        }
        Duration took = Duration.between(started, Instant.now());
        String report = new Report(s, pinning, java).render(steps, latency, memory, took);
        write(s.out().resolve("results.md"), report);
        return report;
    }

    private static StepResult safely(FanoutRun fanout, E2eSettings s, ServerKind kind, double rate,
                                     Duration serverWarmup, Duration duration, String name) {
        log("e2e: " + kind.label() + ": " + name + " at " + (long) rate + " ticks/s for " + duration.toSeconds() + " s");
        StepResult result;
        try {
            result = fanout.run(kind, rate, serverWarmup, duration, name);
        } catch (RuntimeException e) {
            result = new StepResult(kind, rate, rate * s.clients(), LoadResult.NONE, CpuSampler.Usage.NONE,
                    CpuSampler.Usage.NONE, GcLog.NONE,
                    new StepResult.Verdict(false, "failed: " + e.getMessage()));
        }
        LoadResult l = result.load();
        log(String.format("e2e: %s: %s delivered %.0f/s (%.1f%%), p50 %.0f µs, p99 %.0f µs, gaps %d, drops %d,"
                        + " CPU %.2f s/s (client %.2f), stolen %.1f%% (client's %.1f%%)%s",
                kind.label(), name, l.messagesPerSecond(),
                result.deliveredRatio() * 100, l.p50Micros(), l.p99Micros(), l.gaps(), l.drops(),
                result.serverCpu().totalPerSecond(), result.clientCpu().totalPerSecond(),
                result.serverCpu().stolenPerSecond() * 100, result.clientCpu().stolenPerSecond() * 100,
                result.verdict().sustained() ? "" : " -> NOT sustained: " + result.verdict().reason()));
        return result;
    }

    private static void checkPrerequisites(E2eSettings s) {
        for (Path jar : s.servers().stream().map(kind -> kind.jar(s.root())).toList()) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing " + jar + ": run mvn -q -B -o -DskipTests package at the root");
            }
        }
        if (!ProcFs.available()) {
            throw new IllegalStateException("needs Linux /proc to read the servers' CPU time and RSS");
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void log(String line) {
        System.err.println(line);
    }
}
