package pricefeed.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Runs the project's load client ({@code feed-simulator.jar loadtest ... --json}) as its own process on the
 * client CPU and reads its JSON report.
 */
final class LoadClient {

    /** Beyond the run's own duration: JVM start, connecting, the report. */
    private static final Duration SLACK = Duration.ofSeconds(60);

    private final E2eSettings settings;
    private final Pinning pinning;
    private final String java;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param settings the run's settings
     * @param pinning  how processes are pinned
     * @param java     the java executable
     */
    LoadClient(E2eSettings settings, Pinning pinning, String java) {
        this.settings = settings;
        this.pinning = pinning;
        this.java = java;
    }

    /** @return the load client's jar */
    Path jar() {
        return settings.root().resolve("feed-simulator/target/feed-simulator.jar");
    }

    /**
     * @param url     the stream URL
     * @param warmup  run before measuring (connecting, subscribing, snapshots, JIT), left out of the report
     * @param measure how long to measure after it
     * @param log     where its standard error (progress lines) goes; the report goes beside it, {@code .json}
     * @param started told the client's pid as soon as it runs (e.g. to sample its CPU)
     * @return its report
     * @throws IllegalStateException if it fails or prints no report
     */
    LoadResult run(String url, Duration warmup, Duration measure, Path log, LongConsumer started) {
        Duration duration = warmup.plus(measure);
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(settings.clientJvmFlags());
        command.addAll(List.of("-jar", jar().toString(), "loadtest", "--url", url,
                "--clients", Integer.toString(settings.clients()), "--symbols", "*",
                "--duration", millis(duration), "--warmup", millis(warmup), "--json"));
        List<String> pinned = pinning.onCpu(settings.clientCpu(), command);
        Path report = log.resolveSibling(log.getFileName() + ".json");
        try {
            Process p = Children.track(new ProcessBuilder(pinned)
                    .redirectError(log.toFile())
                    .redirectOutput(report.toFile())
                    .start());
            try {
                started.accept(p.pid());
                if (!p.waitFor(duration.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("load client did not finish; see " + log);
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("load client exited with " + p.exitValue() + "; see " + log);
                }
            } finally {
                Children.stop(p);
            }
            return parse(Files.readString(report, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("load client: " + String.join(" ", pinned), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the load run", e);
        }
    }

    /**
     * @param output the load client's standard output with {@code --json} (fields: docs/LOADTEST.md)
     * @return the report it holds
     * @throws IllegalStateException if there is no report in it
     */
    LoadResult parse(String output) {
        int start = output.indexOf('{');
        if (start < 0) {
            throw new IllegalStateException("no JSON report in: " + output);
        }
        try {
            JsonNode r = json.readTree(output.substring(start));
            JsonNode messages = r.path("messages");
            JsonNode latency = r.path("latencyMs");
            JsonNode sequence = r.path("sequence");
            JsonNode connections = r.path("connections");
            if (!messages.has("perSecond")) {
                throw new IllegalStateException("no messages.perSecond in: " + output);
            }
            return new LoadResult(
                    r.path("measuredSeconds").asDouble(),
                    messages.path("delivered").asLong(),
                    messages.path("perSecond").asDouble(),
                    micros(latency.path("p50")),
                    micros(latency.path("p99")),
                    micros(latency.path("p999")),
                    micros(latency.path("max")),
                    sequence.path("gaps").asLong(),
                    sequence.path("missing").asLong(),
                    sequence.path("duplicates").asLong(),
                    connections.path("dropped").asLong() + connections.path("failed").asLong());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable load report: " + output, e);
        }
    }

    /** Latencies come in ms with µs resolution; null (nothing timed) reads as NaN. */
    private static double micros(JsonNode ms) {
        return ms.isNumber() ? ms.asDouble() * 1000 : Double.NaN;
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }
}
