package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that pipeline thousands of HTTP/1.1 requests on one connection to the server jar's web listener,
 * reading every answer: each connection is answered in full or closed by the server (over its pipeline
 * depth limit), never left hanging. With Reactor Netty 1.3.7 most such connections stopped being read for
 * good (reactor-netty#4361): no answer, no idle timeout, and each held its place under the web connection
 * limit after the client had gone. Against the jar, because the stall needs the timing of a separate,
 * compiled server: in-process it did not show.
 */
class WebPipeliningTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SERVER = ROOT.resolve("feed-server/target/feed-server.jar");
    private static final Pattern HTTP_LISTENING = Pattern.compile("http listening on http://[^:/\\s]+:(\\d+)/");
    private static final Pattern ACTIVE = Pattern.compile("(?m)^feed_web_connections_active (\\S+)$");
    private static final String REQUEST = "GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static final int CONNECTIONS = 20;
    private static final int REQUESTS = 5_000;
    private static final Duration QUIET = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void everyPipeliningConnectionIsAnsweredOrClosedAndNoneIsLeftOpen() throws Exception {
        assumeTrue(Files.exists(SERVER), "the jar is built by the package phase");
        Path log = dir.resolve("server.log");
        List<String> command = List.of("env", "-u", "JAVA_TOOL_OPTIONS", "-u", "JDK_JAVA_OPTIONS",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                SERVER.toString(), "--http-port", "0", "--stream-port", "0", "--symbols", "3", "--tick-rate", "100");
        try (ServerProcess server = ServerProcess.start(command, log, Duration.ofSeconds(30))) {
            int port = httpPort(log);
            int answerBytes = answerLength(port);
            byte[] requests = REQUEST.repeat(REQUESTS).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < CONNECTIONS; i++) {
                pipeline(port, requests, (long) answerBytes * REQUESTS, i);
            }
            // Only the scrape's own connection may remain.
            long deadline = System.nanoTime() + QUIET.toNanos();
            double active;
            while ((active = activeWebConnections(port)) != 1 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(50_000_000L);
            }
            assertEquals(1, active, "web connections left open by the pipelining clients");
        }
    }

    /** Pipelines every request at once on a new connection, reading all it gets; fails if it goes quiet. */
    private static void pipeline(int port, byte[] requests, long expectedBytes, int connection) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) QUIET.toMillis());
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    out.write(requests);
                    out.flush();
                } catch (IOException e) {
                    // the server closed the connection: over its pipeline depth limit
                }
            });
            InputStream in = socket.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            long received = 0;
            while (received < expectedBytes) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (SocketTimeoutException e) {
                    fail("connection " + connection + " went quiet after " + received + " of " + expectedBytes
                            + " bytes of answers");
                    return;
                } catch (SocketException e) {
                    break; // reset by the server
                }
                if (n < 0) {
                    break; // closed by the server
                }
                received += n;
            }
            writer.get(QUIET.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** @return the length of one whole answer to {@link #REQUEST}, head and body */
    private static int answerLength(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) QUIET.toMillis());
            socket.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    fail("EOF inside the answer's head: " + head);
                }
                head.append((char) b);
            }
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            if (!length.find()) {
                fail("no content-length: " + head);
            }
            return head.length() + Integer.parseInt(length.group(1));
        }
    }

    private static int httpPort(Path log) throws IOException {
        long deadline = System.nanoTime() + QUIET.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = HTTP_LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            LockSupport.parkNanos(10_000_000L);
        }
        throw new AssertionError("no http listening line in " + log);
    }

    /** @return the gauge as {@code /metrics} reports it, read on a connection of its own that then closes */
    private static double activeWebConnections(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) QUIET.toMillis());
            socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String metrics = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = ACTIVE.matcher(metrics);
            if (!m.find()) {
                fail("no feed_web_connections_active in /metrics: " + metrics);
            }
            return Double.parseDouble(m.group(1));
        }
    }
}
