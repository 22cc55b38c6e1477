package pricefeed.server.stream;

import pricefeed.server.testing.RawClient;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.CloseStatus.Initiator;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.testing.Hex;
import pricefeed.core.ws.testing.RawFrames;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** How a handler's publisher and the WebSocket decide each other's life, and the routing table. */
class RouteLifecycleTest extends StreamListenerTestBase {

    @Override
    StreamListenerConfig config() {
        return super.config().withEchoEnabled(false);
    }

    @Override
    Map<String, WebSocketHandler> routes() {
        return Map.of(
                "/stream", STREAM_STAND_IN,
                "/done", c -> c.send(Mono.just(WsMessage.text("bye"))),
                "/fails", c -> Mono.error(new IllegalStateException("boom (expected by the test)")),
                "/throws", c -> {
                    throw new IllegalStateException("thrown (expected by the test)");
                },
                "/never", c -> Mono.never());
    }

    @Test
    void completedHandlerClosesWith1000() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/done")) {
            assertEquals("8103627965", Hex.of(client.readFrame()));
            assertEquals("88020" + "3e8", Hex.of(client.readFrame()));
            client.send(RawFrames.frame(0x8).mask(1).payloadHex("03e8").bytes());
            client.expectEof();
        }
        assertEquals(new CloseStatus(1000, "", Initiator.LOCAL, true), RecordingEvents.next(events.closed));
    }

    @Test
    void failedHandlerClosesWith1011() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/fails")) {
            assertEquals("881003f3" + Hex.of("internal error".getBytes()), Hex.of(client.readFrame()));
            client.expectEof();
        }
    }

    @Test
    void throwingHandlerClosesWith1011() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/throws")) {
            assertEquals("881003f3" + Hex.of("internal error".getBytes()), Hex.of(client.readFrame()));
            client.expectEof();
        }
    }

    @Test
    void peerCloseCancelsAHandlerThatNeverCompletes() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/never")) {
            client.send(RawFrames.frame(0x8).mask(1).payloadHex("0bb8").bytes());
            assertEquals("88020bb8", Hex.of(client.readFrame()));
            client.expectEof();
        }
        assertEquals(new CloseStatus(3000, "", Initiator.REMOTE, true), RecordingEvents.next(events.closed));
        assertEquals(0, listener.activeConnections());
    }

    @Test
    void echoIsNotFoundWhenDisabled() throws Exception {
        try (RawClient client = new RawClient(port())) {
            client.sendAscii(RawClient.upgradeRequest("/echo"));
            assertTrue(client.readResponse().startsWith("HTTP/1.1 404 Not Found\r\n"));
            client.expectEof();
        }
    }

    @Test
    void echoPathIsReserved() {
        assertThrows(IllegalArgumentException.class, () -> StreamListener.bind(config(),
                Map.of("/echo", STREAM_STAND_IN), StreamEvents.NONE).block(Duration.ofSeconds(5)));
    }
}
