package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.server.Option;
import pricefeed.server.testing.RawClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A web request head must be complete within the handshake timeout from its first byte, and so must its body
 * (no slowloris).
 */
class RequestHeadDeadlineTest {

    private static final Duration DEADLINE = Duration.ofMillis(300);
    private final WebFixture web = new WebFixture(Optional.empty(), c -> c.with(Option.HANDSHAKE_TIMEOUT, DEADLINE));

    @AfterEach
    void tearDown() {
        web.close();
    }

    /** @return the whole 408 answer with that message */
    private static String timeout(String message) {
        String body = "{\"error\":\"request_timeout\",\"message\":\"" + message + "\"}";
        return "HTTP/1.1 408 Request Timeout\r\ndate: " + EveryResponseTest.DATE + "\r\n"
                + "content-type: application/json\r\ncache-control: no-store\r\n"
                + "x-content-type-options: nosniff\r\nconnection: close\r\ncontent-length: " + body.length() + "\r\n\r\n"
                + body;
    }

    @Test
    void aHeadNotCompleteInTimeGets408AndTheConnectionCloses() throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            long start = System.nanoTime();
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"); // no empty line: the head never ends
            assertEquals(timeout("request head not complete within 300 ms"), raw.readResponse());
            raw.expectEof();
            assertTrue(System.nanoTime() - start >= DEADLINE.toNanos(), "not before the deadline");
        }
    }

    /** As every answer to a HEAD request: the 408's head alone (RFC 9110 §9.3.2), found sent whole by a black-box run. */
    @ParameterizedTest
    @ValueSource(strings = {"HEAD /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", "HEAD /heal"})
    void aHeadRequestNotCompleteInTimeGetsThe408sHeadAlone(String unfinished) throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii(unfinished);
            String whole = timeout("request head not complete within 300 ms");
            assertEquals(whole.substring(0, whole.indexOf("\r\n\r\n") + 4),
                    new String(raw.readToEnd(), StandardCharsets.ISO_8859_1));
        }
    }

    @Test
    void theDeadlineRunsPerHeadNotPerConnection() throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"));
            // Idle between requests for longer than the deadline: the keep-alive idle timeout's business.
            Thread.sleep(2 * DEADLINE.toMillis());
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"), "the second request is served");
        }
    }

    @Test
    void emptyLinesBetweenRequestsStartNoDeadline() throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"));
            raw.sendAscii("\r\n"); // some clients end a body with an extra CRLF (RFC 9112 §2.2: ignored)
            Thread.sleep(2 * DEADLINE.toMillis());
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"), "no 408, no close");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n|GET /heal",
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r|\nGET /heal",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}|GET /healthz HTTP/1.1\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n|GET /heal"})
    void aHeadBegunInTheReadThatEndsTheRequestBeforeItHasItsDeadline(String writes) throws Exception {
        // The deadline was armed only by a read that began between requests, so a head begun behind the end of
        // the one before waited for the keep-alive idle timeout (60 s) instead.
        String[] parts = writes.split("\\|");
        try (RawClient raw = new RawClient(web.listener.port())) {
            long start = System.nanoTime();
            raw.sendAscii(parts[0] + parts[1]); // one write
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"));
            assertEquals("HTTP/1.1 408 Request Timeout", statusLine(raw.readResponse()));
            raw.expectEof();
            assertTrue(System.nanoTime() - start >= DEADLINE.toNanos(), "not before the deadline");
        }
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii(parts[0]); // two writes, which may arrive in one read or two
            raw.sendAscii(parts[1]);
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"));
            assertEquals("HTTP/1.1 408 Request Timeout", statusLine(raw.readResponse()));
            raw.expectEof();
        }
    }

    @Test
    void aBodyStillComingAfterTheAnswerEndsTheConnectionAtTheDeadline() throws Exception {
        // Reactor Netty read and dropped the unread body after the answer, and each byte restarted its idle timer:
        // a byte every 20 s held the connection for good.
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try (RawClient raw = new RawClient(web.listener.port())) {
            long start = System.nanoTime();
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\nx");
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"));
            drip.scheduleAtFixedRate(() -> {
                try {
                    raw.sendAscii("x");
                } catch (IOException closed) {
                    throw new UncheckedIOException(closed); // ends the drip
                }
            }, 0, DEADLINE.toMillis() / 6, TimeUnit.MILLISECONDS);
            raw.expectEndWhileWriting(); // the drip's last bytes may be unread when the server closes
            assertTrue(System.nanoTime() - start >= DEADLINE.toNanos(), "not before the deadline");
        } finally {
            drip.shutdownNow();
        }
    }

    @Test
    void aBodyNotCompleteInTimeGets408AndTheConnectionCloses() throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            // The operator route reads the body, which never ends.
            raw.sendAscii("PUT /api/simulator/rate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{");
            assertEquals(timeout("request body not complete within 300 ms"), raw.readResponse());
            raw.expectEof();
        }
    }

    @Test
    void requestsWithSmallPromptBodiesKeepTheConnection() throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}");
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"));
            raw.sendAscii("PUT /api/simulator/rate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 16\r\n\r\n");
            raw.sendAscii("{\"tickRate\":300}"); // the body in a write of its own
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"));
            Thread.sleep(2 * DEADLINE.toMillis()); // past the deadline of each: nothing is left running
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertTrue(raw.readResponse().startsWith("HTTP/1.1 200 OK\r\n"), "the third request is served");
        }
    }

    @Test
    void aLateHeadDuringAResponseClosesWithoutA408InsideIt() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", web.listener.port())) {
            socket.setSoTimeout(5_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("GET /sse?symbols=" + web.symbol(0) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            byte[] first = new byte[8192];
            int n = in.read(first); // the stream has begun
            // A pipelined head that never completes, while the event stream is still going.
            out.write("GET /healthz HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String received = new String(first, 0, n, java.nio.charset.StandardCharsets.US_ASCII)
                    + new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(received.startsWith("HTTP/1.1 200 OK\r\n"), received);
            assertTrue(received.contains("event: snapshot"), received);
            // The 408's status line or error code, not the digits: ids, prices and timestamps hold "408" often.
            assertFalse(received.contains("HTTP/1.1 408") || received.contains("request_timeout"),
                    "the stream was closed, not written into: " + received);
        }
    }

    private static String statusLine(String answer) {
        return answer.substring(0, answer.indexOf("\r\n"));
    }
}
