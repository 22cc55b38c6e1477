package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

    private static final byte[] HEALTH = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STATUS_LINE = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
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
        byte[] chunk = new byte[HEALTH.length * CHUNK];
        for (int i = 0; i < CHUNK; i++) {
            System.arraycopy(HEALTH, 0, chunk, i * HEALTH.length, HEALTH.length);
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
            int answered = readResponses(socket.getInputStream(), REQUESTS, window);
            assertEquals(REQUESTS, answered);
            writer.get(5, TimeUnit.SECONDS);
        }
    }

    /** @return how many responses arrived, each one giving its place in the window back */
    private static int readResponses(InputStream in, int expected, Semaphore window) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        StatusLines lines = new StatusLines();
        int seen = 0;
        while (seen < expected) {
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                fail("the connection stalled after " + seen + " of " + expected + " answers");
                return seen;
            }
            if (n < 0) {
                fail("the server closed the connection after " + seen + " of " + expected + " answers");
            }
            int found = lines.count(chunk, n);
            seen += found;
            window.release(found);
        }
        return seen;
    }

    /** Counts status lines in a stream read in pieces; a line may straddle two reads. */
    private static final class StatusLines {
        private byte[] carry = new byte[0];

        /** @return how many status lines the new bytes completed */
        int count(byte[] chunk, int n) {
            byte[] bytes = new byte[carry.length + n];
            System.arraycopy(carry, 0, bytes, 0, carry.length);
            System.arraycopy(chunk, 0, bytes, carry.length, n);
            int found = 0;
            int i = 0;
            for (; i + STATUS_LINE.length <= bytes.length; i++) {
                if (startsWith(bytes, i, STATUS_LINE)) {
                    found++;
                    i += STATUS_LINE.length - 1;
                }
            }
            carry = Arrays.copyOfRange(bytes, Math.max(i, bytes.length - STATUS_LINE.length + 1), bytes.length);
            return found;
        }
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
