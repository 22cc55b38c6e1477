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
     * @param url      the stream URL
     * @param duration how long to measure
     * @param log      where its standard error goes; its report is also copied there
     * @return its report
     * @throws IllegalStateException if it fails or prints no report
     */
    LoadResult run(String url, Duration duration, Path log) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(settings.clientJvmFlags());
        command.addAll(List.of("-jar", jar().toString(), "loadtest", "--url", url,
                "--clients", Integer.toString(settings.clients()), "--symbols", "*",
                "--duration", E2eSettings.seconds(duration), "--json"));
        List<String> pinned = pinning.onCpu(settings.clientCpu(), command);
        Path report = log.resolveSibling(log.getFileName() + ".json");
        try {
            Process p = Children.track(new ProcessBuilder(pinned)
                    .redirectError(log.toFile())
                    .redirectOutput(report.toFile())
                    .start());
            try {
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
     * @param output the load client's standard output with {@code --json}
     * @return the report it holds
     */
    LoadResult parse(String output) {
        int start = output.indexOf('{');
        if (start < 0) {
            throw new IllegalStateException("no JSON report in: " + output);
        }
        try {
            JsonNode r = json.readTree(output.substring(start));
            return new LoadResult(
                    r.path("seconds").asDouble(),
                    r.path("messages").asLong(),
                    r.path("messagesPerSecond").asDouble(),
                    r.path("latencyMicros").path("p50").asDouble(),
                    r.path("latencyMicros").path("p99").asDouble(),
                    r.path("latencyMicros").path("p999").asDouble(),
                    r.path("latencyMicros").path("max").asDouble(),
                    r.path("gaps").asLong(),
                    r.path("duplicates").asLong(),
                    r.path("drops").asLong());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable load report: " + output, e);
        }
    }
}
