package pricefeed.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.server.testing.MetricsScrape;
import pricefeed.server.testing.ServerMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The server run out of file descriptors for real ({@code prlimit} gives its process a small open-file
 * limit): start-up warns that the limit cannot hold the connection limit, a listener that cannot accept
 * says so in the log and in {@code /metrics}, and it accepts again once descriptors are free.
 */
class OpenFileExhaustionTest {

    private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
    private static final int FILE_LIMIT = 512;
    private static final Pattern STREAM_LINE = Pattern.compile("stream listening on ws://127\\.0\\.0\\.1:(\\d+)/stream");
    private static final Pattern HTTP_LINE = Pattern.compile("http listening on http://127\\.0\\.0\\.1:(\\d+)/");

    /** What the server prints, stdout and stderr together. */
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
    private final List<String> printed = new ArrayList<>();
    private final List<Socket> clients = new ArrayList<>();
    private Process server;

    @AfterEach
    void stop() throws Exception {
        closeClients();
        if (server != null) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void runningOutOfFilesIsWarnedOfLoggedCountedAndRecoveredFrom() throws Exception {
        assumeTrue(Files.isExecutable(PRLIMIT), "prlimit (util-linux) is not installed");
        server = ServerMain.start(List.of(PRLIMIT.toString(), "--nofile=" + FILE_LIMIT + ":" + FILE_LIMIT),
                "--http-port", "0", "--stream-port", "0", "--symbols", "5",
                "--max-connections", "5000", "--max-web-connections", "100");
        // Log lines go to stderr with the product's logging configuration, to stdout with the tests' one.
        readLines(server.getErrorStream(), output);
        readLines(server.getInputStream(), output);
        int streamPort = port(STREAM_LINE, awaitLine("stream listening on "));
        int httpPort = port(HTTP_LINE, awaitLine("http listening on "));

        String warning = awaitLine("the open-file limit of " + FILE_LIMIT + " leaves room for about ");
        assertTrue(warning.contains("fewer than --max-connections 5000: past that many, new connections wait "
                + "unanswered instead of getting 503"), warning);

        // More connections than descriptors: the kernel completes them all, the server can accept only some.
        for (int i = 0; i < FILE_LIMIT; i++) {
            Socket client = new Socket();
            client.connect(new InetSocketAddress("127.0.0.1", streamPort), 5_000);
            clients.add(client);
        }
        String failure = awaitLine("stream listener cannot accept connections: ");
        assertTrue(failure.matches(".*Too many open files \\((\\d+ of |open-file limit )" + FILE_LIMIT
                + "( files open)?\\); new connections wait until it can"), failure);

        closeClients();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + streamPort + "/stream"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);

        // One line, not one per failed accept: the acceptor retries every second, and a handler that kept
        // the failure from it would make it spin.
        output.drainTo(printed);
        assertEquals(1, printed.stream().filter(line -> line.contains("cannot accept connections")).count(),
                () -> printed.size() + " lines, first ones: " + printed.subList(0, Math.min(20, printed.size())));

        String metrics = MetricsScrape.scrape(httpPort);
        assertTrue(MetricsScrape.sample(metrics, "feed_accept_failures_total{listener=\"stream\"}") >= 1, metrics);
        assertEquals(0, MetricsScrape.sample(metrics, "feed_accept_failures_total{listener=\"web\"}"));
        assertEquals(FILE_LIMIT, MetricsScrape.sample(metrics, "process_files_max_files"));
    }

    private void closeClients() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        clients.clear();
    }

    private static int port(Pattern line, String text) {
        Matcher m = line.matcher(text);
        assertTrue(m.matches(), text);
        return Integer.parseInt(m.group(1));
    }

    /** @return the first line printed so far, or within 15 s, that contains the text */
    private String awaitLine(String containing) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (int next = 0; ; next++) {
            while (next == printed.size()) {
                long left = deadline - System.nanoTime();
                String line = left > 0 ? output.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null) {
                    throw new AssertionError("no output line with \"" + containing + "\"; saw " + printed.size()
                            + " lines, first ones: " + printed.subList(0, Math.min(20, printed.size())));
                }
                printed.add(line);
            }
            if (printed.get(next).contains(containing)) {
                return printed.get(next);
            }
        }
    }

    private static void readLines(InputStream stream, BlockingQueue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
    }
}
