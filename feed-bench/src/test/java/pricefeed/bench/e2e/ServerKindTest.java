package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerKindTest {

    private static final Path ROOT = Path.of("/repo");
    private static final List<String> FLAGS = List.of("-Xmx1g", "-XX:+UseParallelGC");

    @Test
    void oursRunsTheServerJarWithAnEphemeralWebPort() {
        assertEquals(List.of("java", "-Xmx1g", "-XX:+UseParallelGC", "-jar", "/repo/feed-server/target/feed-server.jar",
                        "--http-port", "0", "--stream-port", "0", "--symbols", "100", "--tick-rate", "2000", "--seed", "42"),
                ServerKind.OURS.launch("java", FLAGS, ROOT, 100, 2000, 42));
    }

    @Test
    void theWriteDelayVariantIsOursWithTwoMillisecondsOfWriteDelay() {
        assertEquals(List.of("java", "-Xmx1g", "-XX:+UseParallelGC", "-jar", "/repo/feed-server/target/feed-server.jar",
                        "--http-port", "0", "--stream-port", "0", "--symbols", "100", "--tick-rate", "2000", "--seed", "42",
                        "--write-delay", "2ms"),
                ServerKind.OURS_WRITE_DELAY.launch("java", FLAGS, ROOT, 100, 2000, 42));
        assertEquals(ServerKind.OURS_WRITE_DELAY, ServerKind.byLabel("ours-wd2ms"));
    }

    @Test
    void baselineRunsItsMainClassWithTheSameFlagsAndSimulator() {
        assertEquals(List.of("java", "-Xmx1g", "-XX:+UseParallelGC", "-cp", "/repo/feed-bench/target/benchmarks.jar",
                        "pricefeed.bench.baseline.BaselineServer",
                        "--stream-port", "0", "--symbols", "100", "--tick-rate", "2500.5", "--seed", "7"),
                ServerKind.BASELINE.launch("java", FLAGS, ROOT, 100, 2500.5, 7));
    }
}
