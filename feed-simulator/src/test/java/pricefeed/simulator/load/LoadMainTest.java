package pricefeed.simulator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pricefeed.core.ws.testing.LeakWatch;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code loadtest} command: option errors, help, exit status, and the report on stdout. */
@ExtendWith(LeakWatch.class)
class LoadMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private ScriptedServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private int run(String... args) {
        return LoadMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> errLines() {
        String text = err.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static final String URL = "ws://127.0.0.1:8081/stream";

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(List.of(), "missing command: expected loadtest (see --help)"),
                Arguments.of(List.of("run"), "unknown command: run (expected loadtest)"),
                Arguments.of(List.of("loadtest"), "missing required option: --url"),
                Arguments.of(List.of("loadtest", "--url"), "missing value for --url"),
                Arguments.of(List.of("loadtest", "--url", URL, "--frobnicate", "1"), "unknown option: --frobnicate"),
                Arguments.of(List.of("loadtest", "--url", URL, "extra"), "unexpected argument: extra"),
                Arguments.of(List.of("loadtest", "--url", URL, "--clients", "1", "--clients=2"),
                        "duplicate option: --clients"),
                Arguments.of(List.of("loadtest", "--url", URL, "--json=yes"), "--json takes no value"),
                Arguments.of(List.of("loadtest", "--url", "ws://[bad"),
                        "invalid value for --url: \"ws://[bad\" (expected ws://host:port/path)"),
                Arguments.of(List.of("loadtest", "--url", "http://127.0.0.1:8081/stream"),
                        "invalid value for --url: \"http://127.0.0.1:8081/stream\" (must be a ws:// URL; wss is not supported)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--clients", "abc"),
                        "invalid value for --clients: \"abc\" (expected a whole number)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--clients", "99999999999"),
                        "invalid value for --clients: \"99999999999\" (must be 0..100000)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--clients", "-99999999999999999999"),
                        "invalid value for --clients: \"-99999999999999999999\" (must be 0..100000)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--clients", "1.5"),
                        "invalid value for --clients: \"1.5\" (expected a whole number)"),
                Arguments.of(List.of("loadtest", "--url", "ws://127.0.0.1:0/stream"),
                        "invalid value for --url: \"ws://127.0.0.1:0/stream\" (port must be 1..65535)"),
                Arguments.of(List.of("loadtest", "--url", "ws://127.0.0.1:65536/stream"),
                        "invalid value for --url: \"ws://127.0.0.1:65536/stream\" (port must be 1..65535)"),
                Arguments.of(List.of("loadtest", "--url", URL + "#top"),
                        "invalid value for --url: \"" + URL + "#top\" (must not have a #fragment (RFC 6455 section 3))"),
                Arguments.of(List.of("loadtest", "--url", URL, "--clients", "-1"),
                        "invalid value for --clients: \"-1\" (must be 0..100000)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--clients", "0"),
                        "invalid value for --clients: \"0\" (must be at least 1 when there are no idle connections)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--duration", "3x"),
                        "invalid value for --duration: \"3x\" (expected a duration such as 500ms, 30s or 2m)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--duration", "0"),
                        "invalid value for --duration: \"0\" (must be positive)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--ramp", "40s"),
                        "invalid value for --ramp: \"40s\" (must be 0 up to the duration)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--clients", "3", "--stalled", "5"),
                        "invalid value for --stalled: \"5\" (must be 0 up to the number of clients)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--stalled", "1", "--duration", "1s", "--stall-after", "2s"),
                        "invalid value for --stall-after: \"2s\" (must be 0 or more, and shorter than the duration)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--throttle-ms", "5"),
                        "invalid value for --throttle-ms: \"5\" (must be 0 or 10..60000)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--symbols", "AAPL,*"),
                        "invalid value for --symbols: \"AAPL,*\" (* stands alone)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--symbols", "AAPL,msft"),
                        "invalid value for --symbols: \"AAPL,msft\" (a symbol is 1 to 32 of A-Z 0-9 . - _)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--symbols", ","),
                        "invalid value for --symbols: \",\" (a symbol is 1 to 32 of A-Z 0-9 . - _)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--symbols", "AAPL,AAPL"),
                        "invalid value for --symbols: \"AAPL,AAPL\" (must not repeat a symbol)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--warmup", "30s"),
                        "invalid value for --warmup: \"30s\" (must be 0 or more, and shorter than the duration)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--connect-timeout=0"),
                        "invalid value for --connect-timeout: \"0\" (must be positive)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--loops", "0"),
                        "invalid value for --loops: \"0\" (must be 1..256)"),
                Arguments.of(List.of("loadtest", "--url", URL, "--idle", "-2"),
                        "invalid value for --idle: \"-2\" (must be 0..100000 minus the clients)"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineIsOneLineNamingTheOptionAndExitTwo(List<String> args, String message) {
        assertEquals(LoadMain.EXIT_USAGE, run(args.toArray(new String[0])));
        assertEquals(List.of(message), errLines());
        assertEquals("", out());
    }

    @Test
    void helpListsEveryOptionOnStdout() {
        assertEquals(LoadMain.EXIT_OK, run("loadtest", "--help"));
        for (CommandLine.Option o : CommandLine.Option.values()) {
            assertTrue(out().contains("  " + o.flag), o.flag);
        }
        assertEquals(List.of(), errLines());
        out.reset();
        assertEquals(LoadMain.EXIT_OK, run("--help"));
        assertTrue(out().startsWith("usage: java -jar feed-simulator.jar loadtest --url ws://HOST:PORT/stream"));
    }

    @Test
    void unreachablePortIsReportedAndExitsOne() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "ws://127.0.0.1:" + port + "/stream";
        assertEquals(LoadMain.EXIT_NO_CONNECTION, run("loadtest", "--url", url, "--clients", "2", "--ramp", "0",
                "--duration", "10s", "--progress", "0", "--json"));

        JsonNode report = new ObjectMapper().readTree(out());
        assertEquals(2, report.at("/connections/attempted").asInt());
        assertEquals(0, report.at("/connections/opened").asInt());
        assertEquals(2, report.at("/connections/failed").asInt());
        String reason = report.at("/connections/failures").fieldNames().next();
        assertTrue(reason.startsWith("Connection refused"), reason);
        assertEquals(2, report.at("/connections/failures/" + reason.replace("/", "~1")).asInt());
        assertEquals(List.of("could not connect to " + url + ": " + reason), errLines());
    }

    @Test
    void aConnectStillInProgressWhenTheRunEndsIsAFailure() throws IOException {
        try (FullListener listener = new FullListener()) {
            String url = "ws://127.0.0.1:" + listener.port() + "/stream";
            assertEquals(LoadMain.EXIT_NO_CONNECTION, run("loadtest", "--url", url, "--clients", "2", "--ramp", "0",
                    "--duration", "1s", "--connect-timeout", "30s", "--progress", "0", "--json"));

            JsonNode report = new ObjectMapper().readTree(out());
            assertEquals(2, report.at("/connections/attempted").asInt());
            assertEquals(0, report.at("/connections/opened").asInt());
            assertEquals(2, report.at("/connections/failed").asInt());
            assertEquals("{\"" + LoadConnection.NOT_OPEN_AT_END + "\":2}",
                    report.at("/connections/failures").toString());
            assertEquals(List.of("could not connect to " + url + ": " + LoadConnection.NOT_OPEN_AT_END), errLines());
        }
    }

    @Test
    void theFirstFailureReasonGoesToStderrNotTheAlphabeticallyFirst() throws Exception {
        // The first attempt is answered 503 and closes the port, so the second, 1 s later, is refused:
        // "handshake failed: ..." comes first and sorts after "Connection refused".
        ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        String url = "ws://127.0.0.1:" + listener.getLocalPort() + "/stream";
        CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> {
            try (listener; Socket s = listener.accept()) {
                listener.close();
                readHead(s.getInputStream());
                s.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals(LoadMain.EXIT_NO_CONNECTION, run("loadtest", "--url", url, "--clients", "2", "--ramp", "2s",
                "--duration", "4s", "--progress", "0", "--json"));
        answered.get(5, TimeUnit.SECONDS);

        JsonNode report = new ObjectMapper().readTree(out());
        List<String> reasons = names(report.at("/connections/failures"));
        assertEquals(2, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("Connection refused"), reasons.toString());
        assertTrue(reasons.get(1).startsWith("handshake failed: "), reasons.toString());
        assertEquals(List.of("could not connect to " + url + ": " + reasons.get(1)), errLines());
        assertEquals(reasons.get(1), report.at("/connections/firstFailure").asText());
    }

    /** Reads an HTTP request head, so that closing the socket afterwards sends a FIN rather than a reset. */
    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b == -1) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
    }

    @Test
    void failedHandshakeIsAFailureWithItsReason() {
        server = ScriptedServer.start(s -> Mono.never());
        assertEquals(LoadMain.EXIT_NO_CONNECTION, run("loadtest", "--url", server.uri("/nope").toString(),
                "--clients", "1", "--ramp", "0", "--duration", "10s", "--progress", "0"));

        assertTrue(out().contains("connections failed"), out());
        assertTrue(out().matches("(?s).*\\nconnections failed +1 \\(handshake failed: .*"), out());
        assertEquals(1, errLines().size(), errLines().toString());
        assertTrue(errLines().get(0).startsWith("could not connect to " + server.uri("/nope") + ": handshake failed:"),
                errLines().get(0));
    }

    @Test
    void jsonReportHasItsStableFieldsAndProgressGoesToStderr() throws IOException {
        server = ScriptedServer.start(s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Flux.just(Wire.snapshot("AAPL", 1), Wire.tick("AAPL", 2),
                        Wire.tick("AAPL", 4)).map(Wire::build)).then())
                .then(s.clientGone()));
        assertEquals(LoadMain.EXIT_OK, run("loadtest", "--url", server.uri().toString(), "--clients", "2",
                "--ramp=0", "--duration=1500ms", "--progress", "500ms", "--json"));

        JsonNode r = new ObjectMapper().readTree(out());
        assertEquals(List.of("url", "clients", "stalledClients", "idleConnections", "symbols", "throttleMs",
                "offeredSeconds", "warmupSeconds", "measuredSeconds", "connections", "messages", "latencyMs",
                "sequence", "stalled", "idle"), names(r));
        assertEquals(List.of("attempted", "opened", "subscribed", "failed", "failures", "firstFailure", "dropped", "droppedByCode",
                "protocolErrors", "protocolErrorsByCode"),
                names(r.get("connections")));
        assertEquals(List.of("delivered", "perSecond", "ticks", "snapshots", "other", "errorReplies", "firstError",
                "malformed", "bytes"), names(r.get("messages")));
        assertEquals(List.of("count", "p50", "p90", "p99", "p999", "max", "mean"), names(r.get("latencyMs")));
        assertEquals(List.of("gaps", "missing", "conflated", "duplicates", "epochResets", "untracked"),
                names(r.get("sequence")));
        assertEquals(List.of("clients", "stalled", "dropped", "droppedWithClose1008", "medianMsToDrop", "maxMsToDrop",
                "backlogMessages"), names(r.get("stalled")));
        assertEquals(List.of("requested", "opened", "stillOpen"), names(r.get("idle")));

        assertEquals(server.uri().toString(), r.get("url").asText());
        assertEquals(2, r.get("clients").asInt());
        assertEquals("[\"*\"]", r.get("symbols").toString());
        assertEquals(1.5, r.get("offeredSeconds").asDouble());
        assertEquals(2, r.at("/connections/opened").asInt());
        assertEquals(2, r.at("/connections/subscribed").asInt(), "a tick confirms the subscribe");
        assertEquals(6, r.at("/messages/delivered").asLong());
        assertEquals(4, r.at("/messages/ticks").asLong());
        assertTrue(r.at("/messages/firstError").isNull());
        assertEquals(4, r.at("/latencyMs/count").asLong());
        assertTrue(r.at("/latencyMs/p50").asDouble() >= Wire.AGE_MICROS / 1000.0);
        assertEquals(2, r.at("/sequence/gaps").asLong());
        assertEquals(2, r.at("/sequence/missing").asLong());
        assertTrue(r.at("/stalled/medianMsToDrop").isNull(), "nothing to measure is null");
        assertEquals(2, errLines().size(), "a progress line every 500 ms: " + errLines());
        assertTrue(errLines().get(0).startsWith("t=500ms conns="), errLines().get(0));
    }

    @Test
    void aRunWhoseEverySubscribeIsRefusedExitsThreeWithTheFirstError() {
        server = ScriptedServer.start(s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Mono.fromSupplier(
                        () -> Wire.build(Wire.error("unknown symbol: FOO")))).then())
                .then(s.clientGone()));
        assertEquals(LoadMain.EXIT_NO_SUBSCRIPTION, run("loadtest", "--url", server.uri().toString(), "--clients",
                "2", "--symbols", "FOO", "--ramp", "0", "--duration", "1s", "--progress", "0"));

        assertTrue(out().matches("(?s).*\\nclients subscribed +0 of 2 opened\\n.*"), out());
        assertEquals(List.of("the server confirmed no subscription: unknown_symbol: unknown symbol: FOO"),
                errLines());
    }

    @Test
    void aSubscribedReplyAloneIsAConfirmedSubscription() {
        server = ScriptedServer.start(s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Mono.fromSupplier(
                        () -> Wire.build(Wire.subscribed("e1")))).then())
                .then(s.clientGone()));
        assertEquals(LoadMain.EXIT_OK, run("loadtest", "--url", server.uri().toString(), "--clients", "2",
                "--ramp", "0", "--duration", "1s", "--progress", "0"));

        assertTrue(out().matches("(?s).*\\nclients subscribed +2 of 2 opened\\n.*"), out());
        assertEquals(List.of(), errLines());
    }

    /** Ctrl-C's path: the stop ends a 60 s run at once, and the report of what was measured is still printed. */
    @Test
    void aStoppedRunEndsEarlyAndStillReports() throws IOException {
        CompletableFuture<Void> stop = new CompletableFuture<>();
        server = ScriptedServer.start(s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Flux.just(Wire.snapshot("AAPL", 1), Wire.tick("AAPL", 2))
                        .map(Wire::build)).then())
                .doOnSuccess(sent -> stop.complete(null))
                .then(s.clientGone()));
        long started = System.nanoTime();
        int status = LoadMain.run(new String[] {"loadtest", "--url", server.uri().toString(), "--clients", "1",
                        "--ramp", "0", "--duration", "60s", "--progress", "0", "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                stop);
        double tookSeconds = (System.nanoTime() - started) / 1e9;

        assertEquals(LoadMain.EXIT_OK, status);
        assertTrue(tookSeconds < 30, "ended by the stop, not the 60 s duration: " + tookSeconds + " s");
        assertEquals(List.of("stopped early: the report covers the run until the stop"), errLines());
        JsonNode r = new ObjectMapper().readTree(out());
        assertEquals(1, r.at("/connections/opened").asInt());
        assertTrue(r.get("measuredSeconds").asDouble() < 30, out());
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
