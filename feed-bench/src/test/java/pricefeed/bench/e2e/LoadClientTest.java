package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pricefeed.bench.baseline.BaselineOptions;
import pricefeed.bench.baseline.BaselineServer;
import pricefeed.simulator.load.LoadPlan;
import pricefeed.simulator.load.LoadReport;

class LoadClientTest {

    @TempDir
    Path dir;

    private BaselineServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void takesTheFiguresOfTheReportWithLatencyInMicroseconds() {
        LoadReport report = new LoadReport(LoadPlan.builder(URI.create("ws://127.0.0.1:1/stream")).build(), 7.992,
                new LoadReport.Connections(100, 99, 99, 1, Map.of("refused", 1), "refused", 2, Map.of(1008, 2), 1,
                        Map.of(1002, 1)),
                new LoadReport.Messages(1768889, 221326.2, 1768889, 0, 0, 0, null, 0, 226902724),
                new LoadReport.Latency(1768889, 4.375, 654.847, 1112.0625, 1639.5, 1667.0, 170.857),
                new LoadReport.Sequence(3, 7, 0, 1, 0, 0),
                new LoadReport.Stalled(0, 0, 0, 0, Double.NaN, Double.NaN, 0),
                new LoadReport.Idle(0, 0, 0));

        assertEquals(new LoadResult(7.992, 1768889, 221326.2, 4375, 1112062.5, 1639500, 1667000, 3, 7, 1, 4),
                LoadClient.result(report));
    }

    @Test
    void runsAgainstARealServerAndKeepsItsLogAndReport() throws Exception {
        server = BaselineServer.start(BaselineOptions.parse("--stream-port", "0", "--symbols", "5",
                "--tick-rate", "500"));
        E2eSettings settings = E2eSettings.parse("--clients", "3");
        Path log = dir.resolve("client.log");

        LoadResult r = new LoadClient(settings).run(server.url(), Duration.ofMillis(1500), Duration.ofSeconds(2), log);

        assertEquals(0, r.gaps());
        assertEquals(0, r.drops());
        assertTrue(r.messagesPerSecond() > 3 * 500 * 0.5 && r.messagesPerSecond() < 3 * 500 * 1.5,
                () -> "3 clients x 500 ticks/s: " + r);
        assertTrue(Files.readString(log.resolveSibling("client.log.json")).contains("\"clients\":3"));
        assertTrue(Files.readString(log).startsWith("t=1s conns="), () -> "progress lines in " + log);
    }

    @Test
    void aServerThatIsNotThereIsAnError() {
        E2eSettings settings = E2eSettings.parse("--clients", "1");

        assertThrows(IllegalStateException.class, () -> new LoadClient(settings)
                .run("ws://127.0.0.1:1/stream", Duration.ZERO, Duration.ofMillis(500), dir.resolve("x.log")));
    }
}
