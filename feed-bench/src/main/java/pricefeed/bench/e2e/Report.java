package pricefeed.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders one run as Markdown: the headline figures against the goals, then every measurement behind them. */
final class Report {

    /** Goal: at least this many times the baseline's sustained fan-out. */
    static final double GOAL_FANOUT_FACTOR = 3;
    /** Goal: p99 under this at the fixed load, microseconds. */
    static final double GOAL_P99_MICROS = 1_000;
    /** Goal: at most this fraction of the baseline's CPU per message. */
    static final double GOAL_CPU_FRACTION = 1.0 / 3;
    /** Goal: under this many bytes (heap + direct) per idle connection. */
    static final double GOAL_IDLE_BYTES = 4 * 1024;

    private static final String STEP_HEADER = "| server | ticks/s | offered msgs/s | delivered msgs/s | delivered"
            + " | p50 | p99 | p99.9 | max | gaps (missing) | dups | drops | server CPU s/s (user + sys)"
            + " | CPU stolen: server's, client's | CPU s per M msgs | client CPU s/s | server GC pauses: n, total, max"
            + " | sustained |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";

    private final E2eSettings settings;
    private final Pinning pinning;
    private final String java;

    /**
     * @param settings the run's settings
     * @param pinning  how processes were pinned
     * @param java     the java executable all processes ran on
     */
    Report(E2eSettings settings, Pinning pinning, String java) {
        this.settings = settings;
        this.pinning = pinning;
        this.java = java;
    }

    /**
     * @param steps   every fan-out step, in run order
     * @param latency the fixed-load runs
     * @param memory  the idle-connection measurements
     * @param took    the run's wall time
     * @return the report
     */
    String render(List<StepResult> steps, Map<ServerKind, StepResult> latency, Map<ServerKind, MemoryResult> memory,
                  Duration took) {
        StringBuilder md = new StringBuilder();
        md.append("## End-to-end fan-out (run of ").append(LocalDate.now()).append(", ")
                .append(took.toMinutes()).append(" min ").append(took.toSecondsPart()).append(" s)\n\n");
        md.append("Machine: ").append(machine()).append(". JDK: ").append(System.getProperty("java.vm.name"))
                .append(' ').append(System.getProperty("java.runtime.version")).append(" (`").append(java)
                .append("`).\n");
        md.append("Placement: ").append(pinning.describe(settings.serverCpu(), settings.clientCpu()))
                .append(". Server JVM flags (every server): `").append(String.join(" ", settings.jvmFlags()))
                .append("`; load client: in the harness JVM (`")
                .append(String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .append("`), the project's `pricefeed.simulator.load` as `loadtest` runs it.\n");
        md.append("Load: ").append(settings.clients()).append(" clients, each subscribed to `*` of ")
                .append(settings.symbols()).append(" symbols, seed ").append(settings.seed())
                .append("; offered messages/s = tick rate × clients.\n");
        if (pinning.enabled()) {
            md.append("CPU stolen: the steal time of the server's CPU ").append(settings.serverCpu())
                    .append(" and the load client's CPU ").append(settings.clientCpu())
                    .append(" (`/proc/stat`) over the window of the CPU figures (the measured span less ")
                    .append(FanoutRun.MARGIN.toSeconds()).append(" s at each end): the share of wall time in which")
                    .append(" the VM's host ran something else while that CPU had work; near 0 % on a quiet host.\n");
        }
        if (!settings.profiled().isEmpty()) {
            md.append("**Profiled run**: Java Flight Recorder was on for ")
                    .append(settings.profiled().stream().map(ServerKind::label).toList())
                    .append("; their figures include its overhead.\n");
        }
        md.append('\n');
        headline(md, steps, latency, memory);
        stepTable(md, steps);
        latencyTable(md, latency);
        memoryTable(md, memory);
        return md.toString();
    }

    private void headline(StringBuilder md, List<StepResult> steps, Map<ServerKind, StepResult> latency,
                          Map<ServerKind, MemoryResult> memory) {
        Optional<StepResult> oursMax = highestSustained(steps, ServerKind.OURS);
        Optional<StepResult> baseMax = highestSustained(steps, ServerKind.BASELINE);
        StepResult oursLat = latency.get(ServerKind.OURS);
        StepResult baseLat = latency.get(ServerKind.BASELINE);
        MemoryResult oursMem = memory.get(ServerKind.OURS);
        MemoryResult baseMem = memory.get(ServerKind.BASELINE);
        String fixedLoad = count(settings.latencyTickRate() * settings.clients()) + " msgs/s";

        md.append("| figure | ours | baseline (Reactor Netty) | goal | met? |\n|---|---:|---:|---|---|\n");
        String fanoutGoal = baseMax.map(b -> "≥ 3 × baseline = " + count(GOAL_FANOUT_FACTOR * delivered(b)))
                .orElse("≥ 3 × baseline");
        md.append(row("highest sustained fan-out, msgs/s",
                oursMax.map(r -> count(delivered(r))).orElse("none"),
                baseMax.map(r -> count(delivered(r))).orElse("none"), fanoutGoal,
                met(oursMax.isPresent() && baseMax.isPresent()
                        ? delivered(oursMax.get()) >= GOAL_FANOUT_FACTOR * delivered(baseMax.get()) : null)));
        // A latency run that was not sustained (it failed, lost ticks or clients, or fell short of its load)
        // has no figure to hold against a goal.
        md.append(row("p99 latency at " + fixedLoad, latencyFigure(oursLat, r -> millis(r.load().p99Micros())),
                latencyFigure(baseLat, r -> millis(r.load().p99Micros())), "< 1 ms",
                met(oursLat == null ? null : sustained(oursLat) && oursLat.load().p99Micros() < GOAL_P99_MICROS)));
        md.append(row("server CPU per million messages (at " + fixedLoad + ")",
                latencyFigure(oursLat, r -> seconds(r.cpuSecondsPerMillion())),
                latencyFigure(baseLat, r -> seconds(r.cpuSecondsPerMillion())),
                !sustained(baseLat) ? "≤ ⅓ of baseline" : "≤ ⅓ of baseline = " + seconds(baseLat.cpuSecondsPerMillion() / 3),
                met(oursLat == null || !sustained(baseLat) ? null : sustained(oursLat)
                        && oursLat.cpuSecondsPerMillion() <= GOAL_CPU_FRACTION * baseLat.cpuSecondsPerMillion())));
        md.append(row("memory per idle connection (heap + direct)",
                oursMem == null ? "-" : kib(oursMem.usedPerConnection()),
                baseMem == null ? "-" : kib(baseMem.usedPerConnection()), "< 4 KiB",
                met(oursMem == null ? null : oursMem.usedPerConnection() < GOAL_IDLE_BYTES)));
        StepResult delayedLat = latency.get(ServerKind.OURS_WRITE_DELAY);
        if (delayedLat != null && !sustained(delayedLat)) {
            md.append('\n').append("With `--write-delay ").append(ServerKind.Constants.WRITE_DELAY).append("` (")
                    .append(ServerKind.OURS_WRITE_DELAY.label()).append(") at ").append(fixedLoad).append(": ")
                    .append(latencyFigure(delayedLat, r -> "")).append(".\n");
        } else if (delayedLat != null) {
            md.append('\n').append("With `--write-delay ").append(ServerKind.Constants.WRITE_DELAY).append("` (").append(ServerKind.OURS_WRITE_DELAY.label())
                    .append(") at ").append(fixedLoad).append(": p99 ").append(millis(delayedLat.load().p99Micros()))
                    .append(", server CPU ").append(seconds(delayedLat.cpuSecondsPerMillion()))
                    .append(" per million messages");
            if (baseLat != null) {
                md.append(" (").append(String.format("%.2f", delayedLat.cpuSecondsPerMillion()
                        / baseLat.cpuSecondsPerMillion())).append(" × baseline)");
            }
            md.append(".\n");
        }
        md.append('\n');
    }

    private void stepTable(StringBuilder md, List<StepResult> steps) {
        if (steps.isEmpty()) {
            return;
        }
        md.append("### Fan-out steps\n\n")
                .append("Sustained = delivered ≥ ").append(Math.round(settings.minDelivered() * 100))
                .append(" % of offered, no seq gap, no dropped connection, p99 ≤ ")
                .append(settings.maxP99().toMillis()).append(" ms. A failed step runs again, up to ")
                .append(settings.retries()).append(" more time(s), before stepping stops; every attempt is a row. ")
                .append("Each step: a fresh server, a ").append(settings.serverWarmup().toSeconds())
                .append(" s warm-up load run, then the measured run on new connections (")
                .append(settings.warmup().toSeconds()).append(" s to connect and subscribe, left out, then ")
                .append(settings.stepDuration().toSeconds()).append(" s measured).\n\n")
                .append(STEP_HEADER);
        steps.stream().sorted(Comparator.comparing(StepResult::server).thenComparingDouble(StepResult::tickRate))
                .forEach(r -> md.append(stepRow(r)));
        md.append('\n');
    }

    private void latencyTable(StringBuilder md, Map<ServerKind, StepResult> latency) {
        if (latency.isEmpty()) {
            return;
        }
        md.append("### Fixed load: ").append(count(settings.latencyTickRate() * settings.clients()))
                .append(" msgs/s (").append(count(settings.latencyTickRate())).append(" ticks/s × ")
                .append(settings.clients()).append(" clients), ").append(settings.latencyDuration().toSeconds())
                .append(" s\n\n")
                .append("A fresh server, a ").append(settings.latencyServerWarmup().toSeconds())
                .append(" s warm-up load run (long enough for the JIT's late recompilations), then the measured run")
                .append(" on new connections (").append(settings.warmup().toSeconds())
                .append(" s to connect and subscribe, left out).\n\n")
                .append(STEP_HEADER);
        latency.values().forEach(r -> md.append(stepRow(r)));
        md.append('\n');
    }

    private void memoryTable(StringBuilder md, Map<ServerKind, MemoryResult> memory) {
        if (memory.isEmpty()) {
            return;
        }
        md.append("### Idle connections\n\n")
                .append("Handshake done, never subscribed; simulator at ").append(count(settings.idleTickRate()))
                .append(" ticks/s; JVM flags plus `").append(String.join(" ", IdleMemoryRun.EXTRA_JVM_FLAGS))
                .append("` for every server; heap = live objects in a class histogram after full GCs, direct = NMT `Other`.\n\n")
                .append("| server | connections | heap Δ per conn | direct Δ per conn | heap + direct per conn"
                        + " | RSS Δ per conn | heap before → after | direct before → after | RSS before → after |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        memory.values().forEach(m -> md.append("| ").append(m.server().label()).append(" | ")
                .append(count(m.connections())).append(" | ")
                .append(kib(m.heapPerConnection())).append(" | ")
                .append(kib(m.directPerConnection())).append(" | ")
                .append(kib(m.usedPerConnection())).append(" | ")
                .append(kib(m.rssPerConnection())).append(" | ")
                .append(mib(m.before().heapBytes())).append(" → ").append(mib(m.after().heapBytes())).append(" | ")
                .append(mib(m.before().directBytes())).append(" → ").append(mib(m.after().directBytes())).append(" | ")
                .append(mib(m.before().rssBytes())).append(" → ").append(mib(m.after().rssBytes())).append(" |\n"));
        md.append('\n');
        for (MemoryResult m : memory.values()) {
            md.append("Heap growth by class, ").append(m.server().label()).append(" (per connection):\n\n")
                    .append("| class | instances | bytes |\n|---|---:|---:|\n");
            for (Histogram.Growth g : m.topGrowth()) {
                md.append("| `").append(g.className()).append("` | ")
                        .append(String.format("%.2f", (double) g.instances() / m.connections())).append(" | ")
                        .append(String.format("%.0f", (double) g.bytes() / m.connections())).append(" |\n");
            }
            md.append('\n');
        }
    }

    private static String stepRow(StepResult r) {
        LoadResult l = r.load();
        return "| " + r.server().label() + " | " + count(r.tickRate()) + " | " + count(r.offeredPerSecond()) + " | "
                + count(l.messagesPerSecond()) + " | " + String.format("%.1f %%", r.deliveredRatio() * 100) + " | "
                + millis(l.p50Micros()) + " | " + millis(l.p99Micros()) + " | " + millis(l.p999Micros()) + " | "
                + millis(l.maxMicros()) + " | " + l.gaps() + " (" + l.missing() + ") | " + l.duplicates() + " | " + l.drops() + " | "
                + String.format("%.2f (%.2f + %.2f)", r.serverCpu().totalPerSecond(), r.serverCpu().userPerSecond(),
                        r.serverCpu().systemPerSecond()) + " | "
                + percent(r.serverCpu().stolenPerSecond()) + ", " + percent(r.clientCpu().stolenPerSecond()) + " | "
                + (l.messagesPerSecond() > 0 ? seconds(r.cpuSecondsPerMillion()) : "-") + " | "
                + String.format("%.2f", r.clientCpu().totalPerSecond()) + " | "
                + String.format("%d, %.0f ms, %.1f ms", r.gc().pauses(), r.gc().totalMs(), r.gc().maxMs()) + " | "
                + (r.verdict().sustained() ? "yes" : "no: " + r.verdict().reason().replace('|', '/')) + " |\n";
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format("%.1f %%", fraction * 100);
    }

    private static Optional<StepResult> highestSustained(List<StepResult> steps, ServerKind kind) {
        return steps.stream().filter(r -> r.server() == kind && r.verdict().sustained())
                .max(Comparator.comparingDouble(Report::delivered));
    }

    private static double delivered(StepResult r) {
        return r.load().messagesPerSecond();
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static boolean sustained(StepResult run) {
        return run != null && run.verdict().sustained();
    }

    private static String latencyFigure(StepResult run, java.util.function.Function<StepResult, String> figure) {
        if (run == null) {
            return "-";
        }
        return sustained(run) ? figure.apply(run) : "not sustained (" + run.verdict().reason() + ")";
    }

    private static String met(Boolean met) {
        return met == null ? "-" : met ? "yes" : "**no**";
    }

    private static String count(double n) {
        return String.format("%,.0f", n);
    }

    private static String millis(double micros) {
        return String.format("%.2f ms", micros / 1e3);
    }

    private static String seconds(double s) {
        return String.format("%.2f s", s);
    }

    private static String kib(double bytes) {
        return String.format("%.1f KiB", bytes / 1024);
    }

    private static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1024.0 / 1024);
    }

    private static String machine() {
        try {
            List<String> cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo"));
            long cpus = cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
            String model = cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> String.format("%.0f GiB RAM", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024))
                    .orElse("");
            return cpus + " CPUs (" + model + "), " + mem + ", " + System.getProperty("os.name") + " "
                    + System.getProperty("os.version");
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors() + " CPUs";
        }
    }
}
