package pricefeed.server.stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.ws.CloseStatus;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** /echo against the JDK's own WebSocket client, a peer we did not write. */
class JdkClientInteropTest extends StreamListenerTestBase {

    /** Collects whole messages (the JDK hands large ones over in parts) and control events. */
    private static final class Recorder implements WebSocket.Listener {
        final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                messages.add(binary.toByteArray());
                binary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pongs.add(message);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        Object next() throws InterruptedException {
            Object m = messages.poll(5, TimeUnit.SECONDS);
            assertNotNull(m, "no message within 5 s");
            return m;
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final Recorder recorder = new Recorder();
    private WebSocket ws;

    private WebSocket open(String path) throws Exception {
        ws = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port() + path), recorder)
                .get(5, TimeUnit.SECONDS);
        return ws;
    }

    @AfterEach
    void abort() {
        if (ws != null) {
            ws.abort();
        }
    }

    @Test
    void text() throws Exception {
        open("/echo").sendText("hello, w\u00f6rld \u20ac", true).get(5, TimeUnit.SECONDS);
        assertEquals("hello, w\u00f6rld \u20ac", recorder.next());
    }

    @Test
    void binary() throws Exception {
        open("/echo").sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xFF}), true).get(5, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xFF}, (byte[]) recorder.next());
    }

    @Test
    void oneMebibyteMessage() throws Exception {
        byte[] big = new byte[1024 * 1024];
        new Random(7).nextBytes(big);
        open("/echo").sendBinary(ByteBuffer.wrap(big), true).get(5, TimeUnit.SECONDS);
        assertArrayEquals(big, (byte[]) recorder.next());
    }

    @Test
    void fragmentedSendComesBackWhole() throws Exception {
        open("/echo").sendText("frag", false)
                .thenCompose(w -> w.sendText("men", false))
                .thenCompose(w -> w.sendText("ted", true))
                .get(5, TimeUnit.SECONDS);
        assertEquals("fragmented", recorder.next());
    }

    @Test
    void pingIsAnsweredWithPongOfTheSamePayload() throws Exception {
        open("/echo").sendPing(ByteBuffer.wrap(new byte[] {'p', 'i', 'n', 'g'})).get(5, TimeUnit.SECONDS);
        ByteBuffer pong = recorder.pongs.poll(5, TimeUnit.SECONDS);
        assertNotNull(pong);
        assertEquals(ByteBuffer.wrap(new byte[] {'p', 'i', 'n', 'g'}), pong);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 3000, 4000, 4999}) // the JDK client may only send these kinds
    void closeCodeRoundTrip(int code) throws Exception {
        open("/echo").sendClose(code, "bye").get(5, TimeUnit.SECONDS);
        assertEquals(code + " ", recorder.closed.get(5, TimeUnit.SECONDS), "the server answers with the same code");
        CloseStatus status = RecordingEvents.next(events.closed);
        assertEquals(new CloseStatus(code, "bye", CloseStatus.Initiator.REMOTE, true), status);
    }

    @Test
    void streamStandInAnswersWithAnError() throws Exception {
        open("/stream").sendText("{\"op\":\"ping\"}", true).get(5, TimeUnit.SECONDS);
        assertEquals(NOT_IMPLEMENTED, recorder.next());
    }
}
