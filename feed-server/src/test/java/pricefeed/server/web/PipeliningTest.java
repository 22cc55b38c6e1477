package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.server.testing.RawClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * HTTP/1.1 pipelining on the web listener: every pipelined request is answered on the same connection,
 * while new ones keep arriving. What happens past the pipeline depth limit, and the Reactor Netty
 * stall that needed the server jar's timing to show, is feed-bench's {@code WebPipeliningTest}.
 */
class PipeliningTest {

    /** Its answer, a 404, is the same every time, so answers can be counted by their bytes. */
    private static final String REQUEST = "GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    /** Most requests awaiting their answers at a time: under the codec's pipeline depth limit of 128. */
    private static final int WINDOW = 64;
    /** Requests written at a time, so that new ones keep arriving while earlier ones are answered. */
    private static final int CHUNK = 8;
    private static final int REQUESTS = 5_000;
    /** Connections that each wait for an operator answer, then ask to close: enough to meet a 1-in-10 race. */
    private static final int ROUNDS = 200;

    private final WebFixture web = new WebFixture();

    @AfterEach
    void tearDown() {
        web.close();
    }

    @Test
    void everyPipelinedRequestIsAnsweredOnTheSameConnection() throws Exception {
        byte[] chunk = REQUEST.repeat(CHUNK).getBytes(StandardCharsets.US_ASCII);
        int answerBytes;
        try (RawClient probe = new RawClient(web.listener.port())) {
            probe.sendAscii(REQUEST);
            answerBytes = probe.readResponse().length();
        }
        Semaphore window = new Semaphore(WINDOW);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", web.listener.port()), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int sent = 0; sent < REQUESTS; sent += CHUNK) {
                        if (!window.tryAcquire(CHUNK, 5, TimeUnit.SECONDS)) {
                            return; // the reader has failed the test
                        }
                        out.write(chunk);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    throw new CompletionException(e);
                }
            });
            int answered = readAnswers(socket.getInputStream(), answerBytes, REQUESTS, window);
            assertEquals(REQUESTS, answered);
            writer.get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * A pipelined request that asks to close is answered, and the connection ends after its answer: not after
     * the answer still pending when it arrived (an operator call, answered from another thread), which
     * Reactor Netty alone marked {@code Connection: close} while the request that asked went unanswered.
     * What follows it is not served (RFC 9112 §9.6).
     */
    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1\r\nConnection: close", "HTTP/1.0"})
    void aPipelinedRequestThatClosesIsAnsweredAndTheConnectionEndsAfterIt(String closing) throws Exception {
        try (RawClient client = new RawClient(web.listener.port())) {
            client.sendAscii("GET /api/simulator HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /healthz " + closing + "\r\nHost: 127.0.0.1\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String first = client.readResponse();
            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n") && first.contains("\"epoch\""), first);
            assertFalse(first.toLowerCase(Locale.ROOT).contains("connection: close"), first);
            String second = client.readResponse();
            assertTrue(second.startsWith("HTTP/1.") && second.contains(" 200 OK\r\n") && second.contains("\"status\":\"UP\""),
                    second);
            if (closing.startsWith("HTTP/1.1")) {
                assertTrue(second.toLowerCase(Locale.ROOT).contains("connection: close"), second);
            }
            client.expectEof();
        }
    }

    /**
     * A request that asks to close, sent once an operator call's answer has arrived whole, is answered: an answer
     * and a refusal, both made on the blocking scheduler. Reactor Netty ended an answer written from another
     * thread only after its client could have it; a request read before that end was held back and, as it asked
     * to close, dropped unanswered with the connection left open (about one round in ten; found by a black-box
     * run). Not pipelining: the client waits for each answer.
     */
    @ParameterizedTest
    @MethodSource("operatorCalls")
    void aRequestThatClosesAfterAnOperatorAnswerIsAnswered(String operatorCall, String status) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            try (RawClient client = new RawClient(web.listener.port())) {
                client.sendAscii(operatorCall);
                String first = client.readResponse();
                assertTrue(first.startsWith("HTTP/1.1 " + status + "\r\n"), first);
                client.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                String second;
                try {
                    second = client.readResponse();
                } catch (SocketTimeoutException e) {
                    second = fail("round " + round + ": the request that asked to close was never answered");
                }
                assertTrue(second.startsWith("HTTP/1.1 200 OK\r\n") && second.contains("\"status\":\"UP\""), second);
                client.expectEof();
            }
        }
    }

    /** @return an operator call answered from the blocking scheduler, and its answer's status line's end */
    static Stream<Arguments> operatorCalls() {
        String addingAapl = "{\"symbol\":\"AAPL\",\"price\":5}";
        return Stream.of(
                Arguments.of("GET /api/simulator HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "200 OK"),
                Arguments.of("POST /api/simulator/symbols HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + addingAapl.length() + "\r\n\r\n"
                        + addingAapl, "409 Conflict"));
    }

    /** @return how many answers arrived whole, each one giving its place in the window back */
    private static int readAnswers(InputStream in, int answerBytes, int expected, Semaphore window)
            throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long received = 0;
        int answered = 0;
        while (answered < expected) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                return fail("the connection stalled after " + answered + " of " + expected + " answers");
            }
            if (n < 0) {
                return fail("the server closed the connection after " + answered + " of " + expected + " answers");
            }
            received += n;
            int whole = (int) (received / answerBytes);
            window.release(whole - answered);
            answered = whole;
        }
        return answered;
    }
}
