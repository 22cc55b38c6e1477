package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class E2eSettingsTest {

    @Test
    void defaultsAreTheIssuesSetup() {
        E2eSettings s = E2eSettings.parse();

        assertEquals(List.of(ServerKind.BASELINE, ServerKind.OURS), s.servers());
        assertEquals(100, s.clients());
        assertEquals(100, s.symbols());
        assertEquals(2000, s.latencyTickRate());
        assertEquals(Duration.ofSeconds(6), s.serverWarmup(), "each fan-out step's fresh server");
        assertEquals(Duration.ofSeconds(30), s.latencyServerWarmup(), "past the JIT's late recompilations");
        assertEquals(2000, s.idleConnections());
        assertEquals(List.of("-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"), s.jvmFlags());
        assertEquals(1, s.serverCpu());
        assertEquals(0, s.clientCpu());
        assertEquals(Path.of(".").toAbsolutePath().normalize().resolve("feed-bench/target/e2e"), s.out());
        assertTrue(s.runs("fanout") && s.runs("latency") && s.runs("idle"));
        assertEquals(List.of(), s.profiled());
    }

    @Test
    void overridesAreTaken() {
        E2eSettings s = E2eSettings.parse("--servers", "ours", "--steps", "1000, 3000", "--jvm-flags", " -Xmx2g  -XX:+UseG1GC ",
                "--phases", "idle", "--max-p99", "20ms", "--out", "/tmp/x", "--profile", "ours");

        assertEquals(List.of(ServerKind.OURS), s.servers());
        assertEquals(List.of(1000.0, 3000.0), s.steps());
        assertEquals(List.of("-Xmx2g", "-XX:+UseG1GC"), s.jvmFlags());
        assertFalse(s.runs("fanout"));
        assertTrue(s.runs("idle"));
        assertEquals(Duration.ofMillis(20), s.maxP99());
        assertEquals(1, s.retries());
        assertEquals(Path.of("/tmp/x"), s.out());
        assertEquals(List.of(ServerKind.OURS), s.profiled());
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "12s, 12000", "2.5s, 2500", "1m, 60000"})
    void readsDurations(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), E2eSettings.duration(text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--bogus 1          | unknown option: --bogus",
        "--clients          | --clients needs a value",
        "--servers jetty    | unknown server: jetty (ours, ours-wd2ms, baseline)",
        "--phases idle,nap  | unknown phase: nap [fanout, latency, idle]",
        "--warmup 3h        | not a duration (500ms, 12s, 1m): 3h",
        "--latency-duration 2s | --latency-duration must be over 2s: 1 s at each end is left out of the CPU window",
        "--step-duration 1500ms | --step-duration must be over 2s: 1 s at each end is left out of the CPU window",
    })
    void rejectsWithOneLine(String args, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> E2eSettings.parse(args.trim().split(" +")));

        assertEquals(message, e.getMessage());
    }
}
