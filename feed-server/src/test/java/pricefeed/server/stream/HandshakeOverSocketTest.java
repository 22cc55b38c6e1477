package pricefeed.server.stream;

import pricefeed.server.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Every handshake answer of PROTOCOL.md §1-2 over a real socket, with the exact status line. */
class HandshakeOverSocketTest extends StreamListenerTestBase {

    private static final String CLOSE_HEADERS = "Content-Type: text/plain; charset=utf-8\r\n";

    @Override
    StreamListenerConfig config() {
        return super.config().withMaxConnections(1).withHandshakeTimeout(Duration.ofMillis(300));
    }

    private static String request(String requestLine, String... headers) {
        StringBuilder sb = new StringBuilder(requestLine).append("\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static final String[] VALID = {"Host: 127.0.0.1", "Upgrade: websocket", "Connection: Upgrade",
            "Sec-WebSocket-Key: " + RawClient.KEY, "Sec-WebSocket-Version: 13"};

    private static String response(int status, String phrase, String reason, String... extra) {
        return withConnection(status, phrase, "close", reason, extra);
    }

    /** A 426 sends Upgrade, and so the upgrade option in Connection (RFC 9110 §7.8, §15.5.22). */
    private static String upgradeRequired(String reason) {
        return withConnection(426, "Upgrade Required", "upgrade, close", reason,
                "Upgrade: websocket", "Sec-WebSocket-Version: 13");
    }

    private static String withConnection(int status, String phrase, String connection, String reason,
                                         String... extra) {
        String body = reason + "\n";
        StringBuilder sb = new StringBuilder("HTTP/1.1 " + status + " " + phrase + "\r\n")
                .append(CLOSE_HEADERS)
                .append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                .append("Connection: ").append(connection).append("\r\n");
        for (String h : extra) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").append(body).toString();
    }

    /** The head of an answer: what a HEAD request gets. */
    private static String headOnly(String answer) {
        return answer.substring(0, answer.indexOf("\r\n\r\n") + 4);
    }

    /**
     * @param answer a rejection as read
     * @return it without its Date header, which must be its first, an IMF-fixdate of the last minute
     */
    private static String undated(String answer) {
        String[] lines = answer.split("\r\n", 3);
        assertTrue(lines[1].matches("Date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                answer);
        Instant date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(lines[1].substring(6), Instant::from);
        assertTrue(Duration.between(date, Instant.now()).abs().getSeconds() < 60, lines[1]);
        return lines[0] + "\r\n" + lines[2];
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("400 missing key",
                        request("GET /echo HTTP/1.1", "Host: h", "Upgrade: websocket", "Connection: Upgrade",
                                "Sec-WebSocket-Version: 13"),
                        response(400, "Bad Request", "missing Sec-WebSocket-Key")),
                Arguments.of("400 malformed request line", "GET /echo\r\n\r\n",
                        response(400, "Bad Request", "malformed request line")),
                // A fragment was dropped: /stream#x got a 101, and ?symbols=A#B subscribed A alone.
                Arguments.of("400 fragment", request("GET /stream?symbols=AAPL#MSFT HTTP/1.1", VALID),
                        response(400, "Bad Request", "'#' in the request target: a fragment is not sent to the server")),
                Arguments.of("400 broken percent-encoding", request("GET /stream?symbols=AAPL%zz HTTP/1.1", VALID),
                        response(400, "Bad Request", "'%' not followed by two hex digits in the request target")),
                Arguments.of("405 POST", request("POST /echo HTTP/1.1", VALID),
                        response(405, "Method Not Allowed", "method POST not allowed, use GET", "Allow: GET")),
                Arguments.of("426 version 8",
                        request("GET /echo HTTP/1.1", "Host: h", "Upgrade: websocket", "Connection: Upgrade",
                                "Sec-WebSocket-Key: " + RawClient.KEY, "Sec-WebSocket-Version: 8"),
                        upgradeRequired("Sec-WebSocket-Version unsupported (8), only 13 is supported")),
                Arguments.of("426 version missing",
                        request("GET /echo HTTP/1.1", "Host: h", "Upgrade: websocket", "Connection: Upgrade",
                                "Sec-WebSocket-Key: " + RawClient.KEY),
                        upgradeRequired("Sec-WebSocket-Version missing, only 13 is supported")),
                Arguments.of("431 head over 8 KiB",
                        request("GET /echo HTTP/1.1", "Host: h", "X-Big: " + "x".repeat(9000)),
                        response(431, "Request Header Fields Too Large", "head larger than 8192 bytes")),
                Arguments.of("403 origin", request("GET /echo HTTP/1.1", "Host: 127.0.0.1", "Upgrade: websocket",
                                "Connection: Upgrade", "Sec-WebSocket-Key: " + RawClient.KEY,
                                "Sec-WebSocket-Version: 13", "Origin: https://evil.example"),
                        response(403, "Forbidden", "origin https://evil.example not allowed")),
                Arguments.of("404 unknown path", request("GET /nope HTTP/1.1", VALID),
                        response(404, "Not Found", "no WebSocket endpoint at /nope")),
                Arguments.of("426 plain GET /stream", request("GET /stream HTTP/1.1", "Host: h"),
                        upgradeRequired("this endpoint only speaks WebSocket: send Upgrade: websocket")),
                Arguments.of("404 plain GET /", request("GET / HTTP/1.1", "Host: h"),
                        response(404, "Not Found", "no WebSocket endpoint at /")),
                Arguments.of("400 garbage", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003",
                        response(400, "Bad Request", "control character 0x16 in head")),
                Arguments.of("400 a body the frames would be read from",
                        request("GET /echo HTTP/1.1", "Host: 127.0.0.1", "Upgrade: websocket",
                                "Connection: Upgrade", "Sec-WebSocket-Key: " + RawClient.KEY, "Sec-WebSocket-Version: 13",
                                "Content-Length: 6") + "\u0081\u0080abcd",
                        response(400, "Bad Request", "a WebSocket handshake has no body")),
                Arguments.of("400 Host not a host", request("GET /echo HTTP/1.1", "Host: a b", "Upgrade: websocket",
                                "Connection: Upgrade", "Sec-WebSocket-Key: " + RawClient.KEY, "Sec-WebSocket-Version: 13"),
                        response(400, "Bad Request", "Host header is not a host[:port]: a b")),
                // Anything in brackets was taken for an IP literal, and a raw '%' for an escape: both got a 101.
                Arguments.of("400 Host with brackets holding no IP address", request("GET /echo HTTP/1.1", "Host: [zz]",
                                "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Key: " + RawClient.KEY,
                                "Sec-WebSocket-Version: 13"),
                        response(400, "Bad Request", "Host header is not a host[:port]: [zz]")),
                // PROTOCOL.md §1: a plain request to a WebSocket path is 426, also in HTTP/1.0 (it was a 400).
                Arguments.of("426 plain HTTP/1.0 GET", "GET /echo HTTP/1.0\r\n\r\n",
                        upgradeRequired("this endpoint only speaks WebSocket: send Upgrade: websocket")),
                Arguments.of("400 HTTP/1.0 upgrade", request("GET /echo HTTP/1.0", VALID),
                        response(400, "Bad Request", "a WebSocket handshake needs HTTP/1.1, not HTTP/1.0")),
                Arguments.of("404 plain HTTP/1.0 elsewhere", "GET / HTTP/1.0\r\n\r\n",
                        response(404, "Not Found", "no WebSocket endpoint at /")),
                // "404 elsewhere" whatever the method: an unknown path with another method was 405.
                Arguments.of("404 POST elsewhere", request("POST /nope HTTP/1.1", "Host: h", "Content-Length: 0"),
                        response(404, "Not Found", "no WebSocket endpoint at /nope")),
                Arguments.of("405 POST /echo", request("POST /echo HTTP/1.1", "Host: h", "Content-Length: 0"),
                        response(405, "Method Not Allowed", "method POST not allowed, use GET", "Allow: GET")));
    }

    /** RFC 9110 §9.3.2: no content in an answer to HEAD; ours carried the reason after the head. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("headRequests")
    void anAnswerToHeadHasNoBody(String request, String expected) throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.sendAscii(request);
            assertEquals(expected, undated(client.readHead()));
            client.expectEof();
        }
        assertEquals(Integer.parseInt(expected.substring(9, 12)), RecordingEvents.next(events.failures));
    }

    static Stream<Arguments> headRequests() {
        String toEcho = headOnly(response(405, "Method Not Allowed", "method HEAD not allowed, use GET", "Allow: GET"));
        return Stream.of(
                Arguments.of(request("HEAD /echo HTTP/1.1", "Host: h"), toEcho),
                Arguments.of(request("HEAD /echo HTTP/1.1", VALID), toEcho),
                Arguments.of(request("HEAD /nope HTTP/1.1", "Host: h"),
                        headOnly(response(404, "Not Found", "no WebSocket endpoint at /nope"))),
                // The request line was read before the head went over the limit: still HEAD, still no body.
                Arguments.of(request("HEAD /echo HTTP/1.1", "Host: h", "X-Big: " + "x".repeat(9000)),
                        headOnly(response(431, "Request Header Fields Too Large", "head larger than 8192 bytes"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void rejectsWithExactResponseThenCloses(String name, String request, String expected) throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.sendAscii(request);
            assertEquals(expected, undated(client.readResponse()));
            client.expectEof();
        }
        int status = Integer.parseInt(expected.substring(9, 12));
        assertEquals(status, RecordingEvents.next(events.failures));
    }

    @Test
    void overTheConnectionLimitIs503() throws Exception {
        try (RawClient first = RawClient.upgraded(port(), "/echo"); RawClient second = new RawClient(port())) {
            assertEquals("/echo", RecordingEvents.next(events.opened).path());
            second.sendAscii(RawClient.upgradeRequest("/echo"));
            assertEquals(response(503, "Service Unavailable", "too many connections"), undated(second.readResponse()));
            second.expectEof();
            assertEquals(503, RecordingEvents.next(events.failures));
            assertEquals(1, listener.activeConnections(), first + " holds the one slot");
        }
        RecordingEvents.next(events.closed);
        assertEquals(0, listener.activeConnections(), "the slot is given back when the connection closes");
        try (RawClient third = RawClient.upgraded(port(), "/echo")) {
            assertEquals("/echo", RecordingEvents.next(events.opened).path());
            assertEquals(1, listener.activeConnections(), third + " holds the one slot");
        }
    }

    @Test
    void anHttp12UpgradeIsAnsweredAsHttp11() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.sendAscii(RawClient.upgradeRequest("/echo").replace(" HTTP/1.1\r\n", " HTTP/1.2\r\n"));
            assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + RawClient.ACCEPT + "\r\n\r\n", client.readHead());
        }
        assertEquals("/echo", RecordingEvents.next(events.opened).path());
    }

    @Test
    void stalledHandshakeIsClosedWithoutAnswer() throws Exception {
        try (RawClient client = new RawClient(port())) {
            long start = System.nanoTime();
            client.sendAscii("GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            client.expectEof();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 250, "closed after the 300 ms deadline, not before: " + elapsedMillis);
        }
        assertEquals(UpgradeHandler.STATUS_TIMEOUT, RecordingEvents.next(events.failures));
    }

    @Test
    void silentConnectionIsClosedAfterTheDeadline() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.expectEof();
        }
    }

    @Test
    void slowlorisTricklingHeadersIsClosedAtTheDeadline() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.sendAscii("GET /echo HTTP/1.1\r\n");
            CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        client.sendAscii("X-" + i + ": a\r\n");
                        Thread.sleep(50); // the attack itself: headers spread out in time
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed on us, as it should
                }
            });
            long start = System.nanoTime();
            client.expectEndWhileWriting(); // a header sent as the server closes may be unread: then a reset
            assertTrue((System.nanoTime() - start) / 1_000_000 < 1500, "closed at the deadline, not after the trickle");
            trickle.join();
        }
    }

    @Test
    void bytesRightAfterTheHeadReachTheWebSocket() throws Exception {
        byte[] head = RawClient.upgradeRequest("/echo").getBytes(StandardCharsets.US_ASCII);
        byte[] maskedHi = {(byte) 0x81, (byte) 0x82, 0, 0, 0, 0, 'h', 'i'};
        byte[] both = new byte[head.length + maskedHi.length];
        System.arraycopy(head, 0, both, 0, head.length);
        System.arraycopy(maskedHi, 0, both, head.length, maskedHi.length);
        try (RawClient client = new RawClient(port())) {
            client.send(both);
            assertTrue(client.readHead().startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
            assertArrayEquals(new byte[] {(byte) 0x81, 2, 'h', 'i'}, client.readFrame());
        }
    }

    @Test
    void selectsTheJsonSubprotocolAndReportsTheRequest() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.sendAscii(request("GET /stream?symbols=AAPL,MSFT HTTP/1.1", "Host: 127.0.0.1",
                    "Upgrade: websocket", "Connection: keep-alive, Upgrade", "Sec-WebSocket-Key: " + RawClient.KEY,
                    "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: chat, pricefeed.v1.json",
                    "Origin: " + ALLOWED_ORIGIN));
            assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + RawClient.ACCEPT + "\r\n"
                    + "Sec-WebSocket-Protocol: pricefeed.v1.json\r\n\r\n", client.readHead());
            HandshakeRequest request = RecordingEvents.next(events.opened);
            assertEquals("/stream", request.path());
            assertEquals("AAPL,MSFT", request.query().get("symbols"));
            assertEquals("pricefeed.v1.json", request.subprotocol());
            assertEquals(ALLOWED_ORIGIN, request.origin());
            assertEquals("127.0.0.1", request.remoteAddress().getAddress().getHostAddress());
        }
    }
}
