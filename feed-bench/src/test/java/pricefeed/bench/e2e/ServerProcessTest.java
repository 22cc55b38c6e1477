package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real baseline as a child process: the harness's own life-cycle, end to end. */
class ServerProcessTest {

    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static List<String> baseline(String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "pricefeed.bench.baseline.BaselineServer"));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void startsParsesTheUrlHoldsIdleConnectionsAndStops() {
        Path log = dir.resolve("server.log");
        ServerProcess server = ServerProcess.start(baseline("--stream-port", "0", "--symbols", "3",
                "--tick-rate", "100"), log, START);
        try {
            assertTrue(server.url().matches("ws://127\\.0\\.0\\.1:\\d+/stream"), server.url());
            assertTrue(server.alive());
            try (IdleConnections idle = new IdleConnections()) {
                idle.open(server.url(), 5);
                assertEquals(5, idle.open());
            }
        } finally {
            server.close();
        }
        assertFalse(server.alive());
        assertEquals(Optional.empty(), ProcessHandle.of(server.pid()).filter(ProcessHandle::isAlive));
    }

    @Test
    void aServerThatExitsIsReportedWithItsLog() throws Exception {
        Path log = dir.resolve("bad.log");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServerProcess.start(baseline("--bogus", "1"), log, START));

        assertTrue(e.getMessage().startsWith("server did not start (java.lang.IllegalStateException: exited with 2)"),
                e.getMessage());
        assertTrue(Files.readString(log).contains("unknown option: --bogus"));
    }

    @Test
    void aSilentServerIsStoppedAtTheTimeout() {
        Path log = dir.resolve("silent.log");
        long before = ProcessHandle.current().children().count();

        assertThrows(IllegalStateException.class,
                () -> ServerProcess.start(List.of("sleep", "30"), log, Duration.ofMillis(300)));

        assertEquals(before, ProcessHandle.current().children().filter(ProcessHandle::isAlive).count());
    }

    @Test
    void listeningLineIsTheProtocolsOne() {
        Matcher m = ServerProcess.LISTENING.matcher("stream listening on ws://127.0.0.1:40435/stream");

        assertTrue(m.find());
        assertEquals("ws://127.0.0.1:40435/stream", m.group(1));
        assertFalse(ServerProcess.LISTENING.matcher("http listening on http://127.0.0.1:8080/").find());
    }
}
