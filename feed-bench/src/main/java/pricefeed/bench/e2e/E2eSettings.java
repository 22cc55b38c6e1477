package pricefeed.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one end-to-end run uses, with the defaults of the issue: 100 clients subscribed to all of 100
 * symbols, tick-rate steps, a fixed-load latency run, 2,000 idle connections, the same JVM flags for every
 * server.
 *
 * @param root             the repository root (jars are found under it)
 * @param out              where logs and results go
 * @param servers          the servers to compare, in run order
 * @param symbols          simulated symbols
 * @param clients          load-client connections, each subscribed to {@code *}
 * @param seed             the simulator's seed
 * @param steps            tick rates (ticks/s over all symbols) tried for sustained fan-out, ascending
 * @param stepDuration     measured span per step (after the warm-up)
 * @param latencyTickRate  tick rate of the fixed-load latency run
 * @param latencyDuration  its measured span
 * @param idleConnections  connections opened for the memory measurement
 * @param idleTickRate     tick rate while they are open
 * @param jvmFlags         JVM flags of every server
 * @param serverCpu        CPU the servers are pinned to
 * @param clientCpu        CPU the load client runs on: this harness, in-process (set by run-e2e.sh's taskset)
 * @param maxP99           a step whose p99 exceeds this is not sustained
 * @param minDelivered     a step is sustained only if delivered/offered is at least this
 * @param retries          times a failed step is run again (fresh server) before stepping stops
 * @param serverWarmup     a load run on every fresh fan-out step's server before the measured one (JIT under load)
 * @param latencyServerWarmup the same for the fixed-load latency run: longer, since rare branches (the first
 *                         keep-alive ping at 20 s, a price jump) make the JIT recompile hot code for tens of
 *                         seconds, and each recompilation takes the server's one CPU for milliseconds
 * @param warmup           the start of the measured load run (connecting, snapshots), left out of its figures
 * @param phases           which measurements to run: {@code fanout}, {@code latency}, {@code idle}
 * @param profiled         servers whose load runs are recorded with Java Flight Recorder (figures then include
 *                         its overhead)
 */
record E2eSettings(Path root, Path out, List<ServerKind> servers, int symbols, int clients, long seed,
                   List<Double> steps, Duration stepDuration, double latencyTickRate, Duration latencyDuration,
                   int idleConnections, double idleTickRate, List<String> jvmFlags,
                   int serverCpu, int clientCpu, Duration maxP99, double minDelivered, int retries, Duration serverWarmup,
                   Duration latencyServerWarmup, Duration warmup,
                   List<String> phases, List<ServerKind> profiled) {

    /** A measured span must be longer than this: {@link FanoutRun#MARGIN} at each end is left out of its CPU window. */
    static final Duration MIN_MEASURED = FanoutRun.MARGIN.multipliedBy(2);

    E2eSettings {
        requireLonger("step-duration", stepDuration);
        requireLonger("latency-duration", latencyDuration);
    }

    private static void requireLonger(String option, Duration span) {
        if (span.compareTo(MIN_MEASURED) <= 0) {
            throw new IllegalArgumentException("--" + option + " must be over " + MIN_MEASURED.toSeconds()
                    + "s: 1 s at each end is left out of the CPU window");
        }
    }

    /** The measurements, in run order. */
    static final List<String> PHASES = List.of("fanout", "latency", "idle");

    /** JVM flags of every server: a fixed 1 GiB heap and the parallel collector (see docs/BENCHMARKS.md, "End-to-end fan-out"). */
    static final String DEFAULT_JVM_FLAGS = "-Xms1g -Xmx1g -XX:+UseParallelGC";

    /** @return the usage text */
    static String usage() {
        return """
                usage: run-e2e.sh [--option value]...
                  --root DIR              repository root (default .)
                  --out DIR               logs and results (default feed-bench/target/e2e)
                  --servers LIST          baseline,ours (default); ours-wd2ms = ours with --write-delay 2ms
                  --symbols N             100
                  --clients N             100
                  --seed S                42
                  --steps LIST            tick rates: 4000,5000,6000,8000,12000,16000,18000,20000,24000,28000,32000
                  --step-duration D       10s (measured, after the warm-up)
                  --latency-tick-rate R   2000 (x clients = messages/s)
                  --latency-duration D    20s (measured, after the warm-up)
                  --idle-connections N    2000
                  --idle-tick-rate R      10 (low: per-symbol history must not grow meanwhile)
                  --jvm-flags "FLAGS"     %s
                  --server-cpu N          1
                  --client-cpu N          0
                  --max-p99 D             50ms (a step above it is not sustained)
                  --min-delivered F       0.98 (delivered/offered of a sustained step)
                  --retries N             1 (a failed step runs again before stepping stops: shared machine)
                  --server-warmup D       6s (a load run on each fresh fan-out server before the measured one)
                  --latency-server-warmup D 30s (the same before the fixed-load latency run)
                  --warmup D              3s (start of the measured run, left out of every figure)
                  --phases LIST           fanout,latency,idle
                  --profile LIST          servers to record with JFR in load runs (default none), e.g. ours
                durations: 500ms, 12s, 1m""".formatted(DEFAULT_JVM_FLAGS);
    }

    /**
     * @param args {@code --option value} pairs
     * @return the settings, defaults where absent
     * @throws IllegalArgumentException with one line naming the option
     */
    static E2eSettings parse(String... args) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("root", ".");
        v.put("out", "");
        v.put("servers", "baseline,ours");
        v.put("symbols", "100");
        v.put("clients", "100");
        v.put("seed", "42");
        v.put("steps", "4000,5000,6000,8000,12000,16000,18000,20000,24000,28000,32000");
        v.put("step-duration", "10s");
        v.put("latency-tick-rate", "2000");
        v.put("latency-duration", "20s");
        v.put("idle-connections", "2000");
        v.put("idle-tick-rate", "10");
        v.put("jvm-flags", DEFAULT_JVM_FLAGS);
        v.put("server-cpu", "1");
        v.put("client-cpu", "0");
        v.put("max-p99", "50ms");
        v.put("min-delivered", "0.98");
        v.put("retries", "1");
        v.put("server-warmup", "6s");
        v.put("latency-server-warmup", "30s");
        v.put("warmup", "3s");
        v.put("phases", String.join(",", PHASES));
        v.put("profile", "");
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!v.containsKey(name)) {
                throw new IllegalArgumentException("unknown option: " + args[i]);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            v.put(name, args[i + 1]);
        }
        try {
            Path root = Path.of(v.get("root")).toAbsolutePath().normalize();
            Path out = v.get("out").isEmpty() ? root.resolve("feed-bench/target/e2e") : Path.of(v.get("out"));
            return new E2eSettings(root, out.toAbsolutePath().normalize(),
                    split(v.get("servers")).stream().map(ServerKind::byLabel).toList(),
                    Integer.parseInt(v.get("symbols")), Integer.parseInt(v.get("clients")),
                    Long.parseLong(v.get("seed")),
                    split(v.get("steps")).stream().map(Double::valueOf).toList(),
                    duration(v.get("step-duration")),
                    Double.parseDouble(v.get("latency-tick-rate")), duration(v.get("latency-duration")),
                    Integer.parseInt(v.get("idle-connections")), Double.parseDouble(v.get("idle-tick-rate")),
                    flags(v.get("jvm-flags")),
                    Integer.parseInt(v.get("server-cpu")), Integer.parseInt(v.get("client-cpu")),
                    duration(v.get("max-p99")), Double.parseDouble(v.get("min-delivered")),
                    Integer.parseInt(v.get("retries")),
                    duration(v.get("server-warmup")), duration(v.get("latency-server-warmup")),
                    duration(v.get("warmup")), phases(v.get("phases")),
                    split(v.get("profile")).stream().map(ServerKind::byLabel).toList());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + e.getMessage());
        }
    }

    /**
     * @param text {@code 500ms}, {@code 12s} or {@code 1m}
     * @return the duration
     */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
        }
        throw new IllegalArgumentException("not a duration (500ms, 12s, 1m): " + text);
    }

    /**
     * @param phase one of {@link #PHASES}
     * @return whether this run includes it
     */
    boolean runs(String phase) {
        return phases.contains(phase);
    }

    private static List<String> phases(String list) {
        List<String> phases = split(list);
        for (String p : phases) {
            if (!PHASES.contains(p)) {
                throw new IllegalArgumentException("unknown phase: " + p + " " + PHASES);
            }
        }
        return phases;
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> flags(String flags) {
        return Arrays.stream(flags.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
