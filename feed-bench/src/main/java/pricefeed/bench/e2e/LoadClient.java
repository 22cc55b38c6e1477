package pricefeed.bench.e2e;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import pricefeed.simulator.load.LoadPlan;
import pricefeed.simulator.load.LoadReport;
import pricefeed.simulator.load.LoadRun;

/**
 * Runs the project's load client ({@code pricefeed.simulator.load}, what {@code feed-simulator.jar loadtest}
 * runs) inside this harness process, which {@code run-e2e.sh} pins to the client CPU. In-process rather than
 * a fresh JVM per run, so the client's own code is compiled by the time it measures: a cold client cannot keep
 * up with two million messages a second, and the product server rightly drops clients that fall behind.
 */
final class LoadClient {

    private final E2eSettings settings;

    /** @param settings the run's settings */
    LoadClient(E2eSettings settings) {
        this.settings = settings;
    }

    /**
     * @param url     the stream URL
     * @param warmup  run before measuring (connecting, subscribing, snapshots), left out of the report
     * @param measure how long to measure after it
     * @param log     where its progress lines go; its JSON report goes beside it, {@code .json}
     * @return its report
     * @throws IllegalStateException if not one connection opened
     */
    LoadResult run(String url, Duration warmup, Duration measure, Path log) {
        LoadPlan plan = LoadPlan.builder(URI.create(url))
                .clients(settings.clients())
                .symbols(List.of("*"))
                .duration(warmup.plus(measure))
                .warmup(warmup)
                .build();
        LoadReport report;
        try (PrintWriter progress = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            report = LoadRun.run(plan, progress::println);
            Files.writeString(log.resolveSibling(log.getFileName() + ".json"), report.toJson(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("load client log " + log, e);
        }
        if (!report.connectedAtAll()) {
            throw new IllegalStateException("load client: no connection opened: " + report.connections().failures());
        }
        return result(report);
    }

    /**
     * @param r the load client's report (fields: docs/LOADTEST.md)
     * @return the figures this benchmark uses
     */
    static LoadResult result(LoadReport r) {
        LoadReport.Latency l = r.latency();
        return new LoadResult(
                r.measuredSeconds(),
                r.messages().delivered(),
                r.messages().perSecond(),
                l.p50() * 1000, l.p99() * 1000, l.p999() * 1000, l.max() * 1000,
                r.sequence().gaps(),
                r.sequence().missing(),
                r.sequence().duplicates(),
                r.connections().dropped() + r.connections().protocolErrors() + r.connections().failed());
    }
}
