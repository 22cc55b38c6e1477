package pricefeed.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.server.subscription.FanoutThreads;
import pricefeed.server.testing.JsonWsClient;
import pricefeed.server.testing.MetricsScrape;
import pricefeed.server.testing.ServerMain;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static pricefeed.server.testing.MetricsScrape.sample;

/** The assembled service: both listeners, the listening lines, shutdown, and {@code main}'s exits. */
class FeedServerTest {

    private FeedServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private static ServerConfig ephemeral() {
        return ServerConfig.DEFAULTS.with(Option.STREAM_PORT, 0).with(Option.HTTP_PORT, 0).with(Option.SYMBOLS, 5);
    }

    @Test
    void printsOneListeningLinePerListenerAndServesBoth() throws Exception {
        server = FeedServer.start(ephemeral());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        server.printListening(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals("stream listening on ws://127.0.0.1:" + server.streamPort() + "/stream\n"
                + "http listening on http://127.0.0.1:" + server.httpPort() + "/\n", bytes.toString(StandardCharsets.UTF_8));

        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
    }

    @Test
    void onAnIpv6AddressTheListeningLinesAreUrlsAClientCanOpen() throws Exception {
        assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback on this host");
        server = FeedServer.start(ephemeral().with(Option.HOST, "::1"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        server.printListening(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("stream listening on ws://[::1]:" + server.streamPort() + "/stream", lines[0]);
        assertEquals("http listening on http://[::1]:" + server.httpPort() + "/", lines[1]);

        URI web = URI.create(lines[1].substring("http listening on ".length()));
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(web.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        URI stream = URI.create(lines[0].substring("stream listening on ".length()));
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(stream, new WebSocket.Listener() { }).get(5, TimeUnit.SECONDS);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    }

    private static boolean ipv6LoopbackAvailable() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void metricsCountTheFanoutsTicksAndSubscriptions() throws Exception {
        server = FeedServer.start(ephemeral());
        try (JsonWsClient client = JsonWsClient.connect(URI.create("ws://127.0.0.1:" + server.streamPort() + "/stream?symbols=AAPL,MSFT"))) {
            client.nextOfType("tick", Duration.ofSeconds(5));
            String metrics = MetricsScrape.scrape(server.httpPort());
            assertEquals(2.0, sample(metrics, "feed_subscriptions_active"));
            assertTrue(sample(metrics, "feed_ticks_published_total") >= 1, metrics);
            // Each symbol that has ticked holds room for 16, 32, 64 ... ticks, so the sum is a multiple of 16.
            double history = sample(metrics, "feed_history_ticks");
            assertTrue(history >= 16 && history % 16 == 0, metrics);
            assertEquals((double) (PlatformDependent.maxDirectMemory() / 4 / 263), sample(metrics, "feed_history_budget_ticks"));
        }
    }

    /** The limit is on symbols held: a list naming one symbol many times, or an unsubscribe, is not refused for length. */
    @Test
    void theSymbolLimitCountsSymbolsHeldNotTheLengthOfAList() {
        server = FeedServer.start(ephemeral().with(Option.MAX_SYMBOLS_PER_CONNECTION, 2));
        try (JsonWsClient client = JsonWsClient.connect(URI.create("ws://127.0.0.1:" + server.streamPort() + "/stream"))) {
            Duration wait = Duration.ofSeconds(5);
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"AAPL\",\"AAPL\"],\"id\":1}");
            assertEquals("subscribed 1", typeAndId(client.nextOfType("subscribed", wait)));
            client.send("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\",\"MSFT\",\"GOOGL\"],\"id\":2}");
            assertEquals("unsubscribed 2", typeAndId(client.nextOfType("unsubscribed", wait)));
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\",\"GOOGL\"],\"id\":3}");
            JsonNode refused = client.nextOfType("error", wait);
            assertEquals("error 3 limit_exceeded too many symbols: at most 2 per connection",
                    typeAndId(refused) + " " + refused.path("code").asText() + " " + refused.path("message").asText());
        }
    }

    /**
     * An operator's restart reaches a stream client as a snapshot with seq 0, then ticks from 1; the client
     * learns the new epoch by subscribing again (a reply, no second snapshot), and a resume naming the old
     * epoch gets a snapshot, never ticks of the new run read as the old one's.
     */
    @Test
    void aRestartReachesStreamSubscribersAsSeqZeroAndASubscribeTellsTheNewEpoch() throws Exception {
        server = FeedServer.start(ephemeral());
        Duration wait = Duration.ofSeconds(5);
        URI stream = URI.create("ws://127.0.0.1:" + server.streamPort() + "/stream");
        String oldEpoch;
        String newEpoch;
        try (JsonWsClient client = JsonWsClient.connect(URI.create(stream + "?symbols=AAPL"))) {
            oldEpoch = client.nextOfType("subscribed", wait).path("epoch").asText();
            long seq = client.nextOfType("snapshot", wait).path("seq").asLong();
            while (seq < 3) {
                seq = nextSeq(client, seq, wait);
            }

            HttpResponse<String> restart = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.httpPort() + "/api/simulator/restart"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, restart.statusCode(), restart.body());
            newEpoch = new ObjectMapper().readTree(restart.body()).path("epoch").asText();
            assertNotEquals(oldEpoch, newEpoch);

            JsonNode m = client.nextData(wait);
            while (m.path("type").asText().equals("tick")) { // the old run's last ticks, in order
                assertEquals(++seq, m.path("seq").asLong(), m.toString());
                m = client.nextData(wait);
            }
            assertEquals("snapshot AAPL 0", m.path("type").asText() + " " + m.path("symbol").asText() + " "
                    + m.path("seq").asLong());
            seq = nextSeq(client, 0, wait);

            client.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"id\":7}");
            m = client.nextData(wait);
            while (m.path("type").asText().equals("tick")) {
                assertEquals(++seq, m.path("seq").asLong(), m.toString());
                m = client.nextData(wait);
            }
            assertEquals("subscribed 7 " + newEpoch, typeAndId(m) + " " + m.path("epoch").asText());
            nextSeq(client, seq, wait); // no second snapshot
        }
        String resume = "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"from\":{\"AAPL\":1},\"epoch\":\"%s\"}";
        try (JsonWsClient stale = JsonWsClient.connect(stream)) {
            stale.send(resume.formatted(oldEpoch));
            assertEquals("subscribed", stale.nextData(wait).path("type").asText());
            assertEquals("snapshot", stale.nextData(wait).path("type").asText(), "the old run's seqs are not replayed");
        }
        try (JsonWsClient current = JsonWsClient.connect(stream)) {
            current.send(resume.formatted(newEpoch));
            assertEquals("subscribed", current.nextData(wait).path("type").asText());
            nextSeq(current, 1, wait); // the new run's history serves a resume
        }
    }

    /**
     * A restart's answer shows the run it made as that run started, however fast the simulator ticks: every
     * symbol at its starting price. Read after the restart, the answer had shown the new run's first ticks now
     * and then (a black-box run caught it at 100 ticks/s a symbol).
     */
    @Test
    void aRestartAnswersWithTheStartingPricesWhileTheNewRunTicks() throws Exception {
        server = FeedServer.start(ephemeral().with(Option.SYMBOLS, 2).with(Option.TICK_RATE, 20_000.0));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest restart = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/api/simulator/restart"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> answer = http.send(restart, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            JsonNode symbols = new ObjectMapper().readTree(answer.body()).path("symbols");
            assertEquals("AAPL 190.0 MSFT 420.0", symbols.get(0).path("symbol").asText() + " "
                    + symbols.get(0).path("price").asDouble() + " " + symbols.get(1).path("symbol").asText() + " "
                    + symbols.get(1).path("price").asDouble(), answer.body());
        }
    }

    /**
     * A symbol an operator removes and adds again reaches a {@code *} subscriber as a snapshot with its last
     * seq + 1 and then every tick, however fast it ticks (PROTOCOL-EXTENSIONS.md). A black-box run caught
     * snapshots one to four seqs later at 20,000 ticks/s: the snapshot had been of the state when the
     * connection got round to it.
     */
    @Test
    void aSymbolAddedAgainReachesTheWildcardAtItsLastSeqPlusOneThenEveryTick() throws Exception {
        server = FeedServer.start(ephemeral().with(Option.SYMBOLS, 2).with(Option.TICK_RATE, 10_000.0));
        Duration wait = Duration.ofSeconds(5);
        HttpClient http = HttpClient.newHttpClient();
        String symbols = "http://127.0.0.1:" + server.httpPort() + "/api/simulator/symbols";
        HttpRequest remove = HttpRequest.newBuilder(URI.create(symbols + "/MSFT")).DELETE().build();
        HttpRequest add = HttpRequest.newBuilder(URI.create(symbols)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"symbol\":\"MSFT\",\"price\":420.0}")).build();
        try (JsonWsClient client = JsonWsClient.connect(
                URI.create("ws://127.0.0.1:" + server.streamPort() + "/stream"))) {
            client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}");
            long last = nextOfMsft(client, wait).path("seq").asLong(); // its snapshot
            for (int round = 0; round < 20; round++) {
                assertEquals(204, http.send(remove, HttpResponse.BodyHandlers.discarding()).statusCode());
                HttpResponse<String> added = http.send(add, HttpResponse.BodyHandlers.ofString());
                assertEquals(201, added.statusCode(), added.body());
                JsonNode m = nextOfMsft(client, wait);
                while (m.path("type").asText().equals("tick")) { // the old incarnation's last ticks, in order
                    assertEquals(++last, m.path("seq").asLong(), m.toString());
                    m = nextOfMsft(client, wait);
                }
                assertEquals("snapshot " + (last + 1), m.path("type").asText() + " " + m.path("seq").asLong(),
                        "round " + round + ": " + m);
                last++;
                for (int k = 0; k < 3; k++) {
                    m = nextOfMsft(client, wait);
                    assertEquals("tick " + ++last, m.path("type").asText() + " " + m.path("seq").asLong(),
                            "round " + round + ": " + m);
                }
            }
        }
    }

    private static JsonNode nextOfMsft(JsonWsClient client, Duration wait) {
        JsonNode m = client.nextData(wait);
        while (!m.path("symbol").asText().equals("MSFT")) {
            m = client.nextData(wait);
        }
        return m;
    }

    /** @return the seq of the client's next data message, which must be a tick following {@code seq} */
    private static long nextSeq(JsonWsClient client, long seq, Duration wait) {
        JsonNode tick = client.nextData(wait);
        assertEquals("tick " + (seq + 1), tick.path("type").asText() + " " + tick.path("seq").asLong(), tick.toString());
        return seq + 1;
    }

    private static String typeAndId(JsonNode message) {
        return message.path("type").asText() + " " + message.path("id").asText();
    }

    /** So Netty recycles the frame buffers the fan-out makes there (see {@code FanoutThreadsTest}). */
    @Test
    void theSimulatorAndSoTheFanoutRunOnANettyThread() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        server = FeedServer.start(ephemeral());
        List<Thread> simulator = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .filter(t -> t.getName().startsWith(FanoutThreads.NAME))
                .toList();
        assertEquals(1, simulator.size(), simulator.toString());
        assertTrue(simulator.get(0) instanceof FastThreadLocalThread, simulator.toString());
    }

    @Test
    void shutdownSendsGoingAwayToOpenStreamConnections() {
        server = FeedServer.start(ephemeral());
        try (JsonWsClient client = JsonWsClient.connect(URI.create("ws://127.0.0.1:" + server.streamPort() + "/stream?symbols=AAPL"))) {
            // The subscribed reply proves the session is live, not just the TCP connection.
            assertEquals("subscribed", client.next(Duration.ofSeconds(5)).path("type").asText());
            server.close();
            assertEquals("1001 server shutting down", client.closed().orTimeout(5, TimeUnit.SECONDS).join());
        }
        server = null;
    }

    @Test
    void sigtermClosesConnectionsWith1001AndLogsTheShutdownToItsEnd() throws Exception {
        // The product's logging configuration, not the tests': its log lines pass through an async queue.
        Process p = ServerMain.start(List.of(), List.of("-Dlogback.configurationFile=logback.xml"),
                "--http-port", "0", "--stream-port", "0", "--symbols", "5");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String streamLine = out.readLine();
            assertTrue(streamLine != null && streamLine.startsWith("stream listening on ws://"), streamLine);
            URI stream = URI.create(streamLine.substring("stream listening on ".length()) + "?symbols=AAPL");
            try (JsonWsClient client = JsonWsClient.connect(stream)) {
                assertEquals("subscribed", client.next(Duration.ofSeconds(5)).path("type").asText());
                p.toHandle().destroy(); // SIGTERM; Process.destroy would also close the pipes the test reads
                assertEquals("1001 server shutting down", client.closed().orTimeout(5, TimeUnit.SECONDS).join());
            }
            assertTrue(p.waitFor(15, TimeUnit.SECONDS));
            assertEquals(143, p.exitValue()); // the JVM's exit status for SIGTERM: 128 + 15
            List<String> err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue(err.stream().anyMatch(line -> line.endsWith(
                    " INFO  FeedServer - shutting down: closing 1 stream and 0 web connections")), err::toString);
            // The last line is written after logging could have been stopped by a hook running beside ours.
            assertTrue(err.get(err.size() - 1).matches(".* INFO  FeedServer - stopped in \\d+ ms"), err::toString);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void theLargestUniverseAndHistoryStartWithoutTakingTheirMemoryUpFront() throws Exception {
        // 10,000 x 1,000,000 ticks of history would be 120 GB of arrays alone, were they made at start-up.
        server = FeedServer.start(ephemeral().with(Option.SYMBOLS, 10_000).with(Option.HISTORY, 1_000_000));
        try (JsonWsClient client = JsonWsClient.connect(URI.create("ws://127.0.0.1:" + server.streamPort() + "/stream?symbols=AAPL"))) {
            assertEquals("subscribed", client.next(Duration.ofSeconds(5)).path("type").asText());
        }
    }

    @Test
    void theStreamListenerRestartsOnTheSamePort() throws Exception {
        server = FeedServer.start(ephemeral());
        int port = server.streamPort();
        server.restartStreamListener();
        assertEquals(port, server.streamPort());
        JsonWsClient.connect(URI.create("ws://127.0.0.1:" + port + "/stream")).close();
    }

    /**
     * The default budget covers one tick of each of the default 1000 symbols per connection, which a throttled
     * subscription's intervals release together; 10000 symbols per connection with it do not.
     */
    @Test
    void aBudgetBelowOneThrottledReleaseOfTheSymbolLimitIsWarnedOf() {
        assertNull(FeedServer.throttleBurstWarning(ServerConfig.DEFAULTS));
        String warning = FeedServer.throttleBurstWarning(
                ServerConfig.DEFAULTS.with(Option.MAX_SYMBOLS_PER_CONNECTION, 10_000));
        assertEquals("--outbound-budget 1048576 is below what one throttled subscription to "
                + "--max-symbols-per-connection 10000 symbols may release at once (about 1920000 bytes): "
                + "such clients may be dropped as slow consumers", warning);
        assertNull(FeedServer.throttleBurstWarning(ServerConfig.DEFAULTS.with(Option.MAX_SYMBOLS_PER_CONNECTION, 10_000)
                .with(Option.OUTBOUND_BUDGET, 2 * 1024 * 1024)));
    }

    @Test
    void aSendBufferTooSmallForOneLoopbackSegmentInFlightIsWarnedOf() {
        assertNull(FeedServer.sendBufferWarning(ServerConfig.DEFAULTS));
        assertNull(FeedServer.sendBufferWarning(ServerConfig.DEFAULTS.with(Option.SEND_BUFFER, 48 * 1024)));
        assertEquals("--send-buffer 32KiB is below 48KiB: clients on this host will get bulk data (resumes, large "
                + "snapshots, /echo, fast feeds) at a few MB/s per connection at most, held up by their delayed "
                + "acknowledgements", FeedServer.sendBufferWarning(ServerConfig.DEFAULTS.with(Option.SEND_BUFFER, 32 * 1024)));
    }

    @Test
    void anInvalidOptionStopsStartUpWithOneLineNamingItAndExitCode2() throws Exception {
        Process p = java("--tick-rate", "abc");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals(List.of("pricefeed: invalid --tick-rate 'abc': must be a positive number"), err.lines().toList());
    }

    @Test
    void aPortInUseStopsStartUpWithOneLineNamingTheOptionAndExitCode1() throws Exception {
        assertPortInUseNamed("--stream-port", "--http-port");
    }

    @Test
    void anHttpPortInUseIsNamedTooAfterTheStreamListenerIsUndone() throws Exception {
        // The stream listener is bound first and must be stopped again without masking the bind failure.
        assertPortInUseNamed("--http-port", "--stream-port");
    }

    private static void assertPortInUseNamed(String takenOption, String otherOption) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = java(takenOption, String.valueOf(taken.getLocalPort()), otherOption, "0");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue());
            List<String> lines = err.lines().toList();
            assertEquals(1, lines.size(), err);
            assertTrue(lines.get(0).startsWith("pricefeed: cannot start: " + takenOption + " " + taken.getLocalPort()
                    + " on 127.0.0.1: "), lines.get(0));
        }
    }

    @Test
    void anAddressNotOfThisMachineIsNamedAsTheHostsFault() throws Exception {
        // 192.0.2.1 is TEST-NET-1 (RFC 5737): no host has it, so the bind fails without any traffic.
        Process p = java("--host", "192.0.2.1", "--stream-port", "0", "--http-port", "0");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("pricefeed: cannot start: --host 192.0.2.1: not an address of this machine ("),
                lines.get(0));
    }

    @Test
    void aNameThatDoesNotResolveIsTheHostsFaultToo() {
        ServerConfig config = ServerConfig.DEFAULTS.with(Option.HOST, "feed.invalid");
        RuntimeException failure = new IllegalStateException(new UnresolvedAddressException());
        assertEquals("--host feed.invalid: the name does not resolve",
                FeedServer.bindFailureMessage(Option.STREAM_PORT, config, failure));
        assertEquals("--stream-port 8081 on feed.invalid: Permission denied",
                FeedServer.bindFailureMessage(Option.STREAM_PORT, config,
                        new IllegalStateException(new BindException("Permission denied"))));
    }

    @Test
    void tooLittleDirectMemoryStopsStartUpWithOneLine() {
        assertNull(FeedServer.directMemoryShortfall(FeedServer.MIN_DIRECT_MEMORY));
        assertEquals("the JVM allows 1MiB of direct memory, and the server needs at least 8MiB: raise "
                + "-XX:MaxDirectMemorySize", FeedServer.directMemoryShortfall(1024 * 1024));
    }

    @Test
    void helpListsTheProtocolOptionsAndExitsZero() throws Exception {
        Process p = java("--help");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        for (String option : List.of("--http-port", "--stream-port", "--symbols", "--tick-rate", "--seed", "--echo", "--config")) {
            assertTrue(out.contains(option), option + " in --help");
        }
        // A black-box tester of "*, including symbols added later" found no way to add one from --help.
        assertTrue(out.contains("POST /api/simulator/symbols"), out);
    }

    private static Process java(String... args) throws Exception {
        return ServerMain.start(List.of(), args);
    }
}
