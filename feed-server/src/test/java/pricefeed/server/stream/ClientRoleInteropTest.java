package pricefeed.server.stream;

import org.junit.jupiter.api.Test;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.CloseStatus.Initiator;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.handshake.ClientHandshake;
import pricefeed.core.ws.netty.ClientHandshakeHandler;
import pricefeed.core.ws.netty.HandlerNames;
import pricefeed.core.ws.netty.WebSocketFrameHandler;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;
import reactor.test.StepVerifier;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Our own CLIENT role (handshake handler and frame handler, as the load client uses them) against the server. */
class ClientRoleInteropTest extends StreamListenerTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Connection connection;
    private WebSocketFrameHandler frames;

    private void connect(String path) {
        ClientHandshake handshake = ClientHandshake.create(URI.create("ws://127.0.0.1:" + port() + path),
                List.of("pricefeed.v1.json"));
        ClientHandshakeHandler upgrade = new ClientHandshakeHandler(handshake, WebSocketLimits.DEFAULTS, new SecureRandom());
        connection = TcpClient.create().host("127.0.0.1").port(port())
                .doOnConnected(c -> c.addHandlerLast(HandlerNames.CLIENT_HANDSHAKE, upgrade))
                .connectNow(TIMEOUT);
        frames = upgrade.upgraded().block(TIMEOUT);
        assertEquals("pricefeed.v1.json", upgrade.subprotocol());
    }

    @Test
    void echoAndCloseFromTheClient() {
        connect("/echo");
        connection.outbound().sendObject(Mono.just(WsMessage.text("from our client"))).then().block(TIMEOUT);
        connection.inbound().receiveObject().ofType(WsMessage.class).map(WsMessage::contentAsString).take(1)
                .as(StepVerifier::create)
                .expectNext("from our client")
                .expectComplete()
                .verify(TIMEOUT);
        frames.close(CloseCode.NORMAL, "client done");
        assertEquals(new CloseStatus(1000, "client done", Initiator.LOCAL, true), frames.onClose().block(TIMEOUT));
        assertTrue(connection.isDisposed() || !connection.channel().isActive());
    }

    @Test
    void serverCloseIsAnsweredByTheClient() throws Exception {
        connect("/stream");
        connection.outbound().sendObject(Mono.just(WsMessage.text("{}"))).then().block(TIMEOUT);
        connection.inbound().receiveObject().ofType(WsMessage.class).map(WsMessage::contentAsString).take(1)
                .as(StepVerifier::create)
                .expectNext(NOT_IMPLEMENTED)
                .expectComplete()
                .verify(TIMEOUT);
        listener.shutdown(Duration.ofSeconds(1)).subscribe();
        assertEquals(new CloseStatus(1001, StreamListener.SHUTDOWN_REASON, Initiator.REMOTE, true),
                frames.onClose().block(TIMEOUT));
        assertEquals(new CloseStatus(1001, StreamListener.SHUTDOWN_REASON, Initiator.LOCAL, true),
                RecordingEvents.next(events.closed));
    }
}
