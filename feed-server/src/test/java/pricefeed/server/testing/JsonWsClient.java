package pricefeed.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A /stream client on the JDK's own WebSocket implementation, a peer we did not write: every text
 * message parsed into JSON, the server's close as {@code "code reason"}.
 */
public final class JsonWsClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private JsonWsClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Listener()).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /**
     * Opens the connection, failing after 5 s.
     *
     * @param uri a ws:// URI
     * @return the open client
     */
    public static JsonWsClient connect(URI uri) {
        return new JsonWsClient(uri);
    }

    /** @param text one whole text message to send */
    public void send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** @return the next message, failing the test after {@code timeout} */
    public JsonNode next(Duration timeout) {
        try {
            JsonNode m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(m, "no message within " + timeout);
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return the next message that is not a heartbeat */
    public JsonNode nextData(Duration timeout) {
        return nextMatching(m -> !"heartbeat".equals(m.path("type").asText()), "data message", timeout);
    }

    /** @return the next message of the given type, skipping others */
    public JsonNode nextOfType(String type, Duration timeout) {
        return nextMatching(m -> type.equals(m.path("type").asText()), type, timeout);
    }

    private JsonNode nextMatching(Predicate<JsonNode> wanted, String what, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode m = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (wanted.test(m)) {
                return m;
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + timeout);
            }
        }
    }

    /** @return messages received so far and not yet taken, without waiting */
    public java.util.List<JsonNode> drain() {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    /** @return "code reason" once the server closed */
    public CompletableFuture<String> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    messages.add(JSON.createObjectNode().put("type", "unparseable").put("text", text.toString()));
                }
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }
}
