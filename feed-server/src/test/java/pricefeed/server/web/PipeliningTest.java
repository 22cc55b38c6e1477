package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.server.testing.RawClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
