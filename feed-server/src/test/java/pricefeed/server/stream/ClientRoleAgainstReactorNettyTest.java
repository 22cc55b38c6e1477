package pricefeed.server.stream;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.tcp.TcpClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our CLIENT role (the handshake and frame handlers the load client uses) against a server we did not
 * write: Reactor Netty's built-in WebSocket server, whose Netty decoder insists on masked client frames
 * and minimal lengths.
 */
class ClientRoleAgainstReactorNettyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX = 1024 * 1024;

    private DisposableServer server;
    private Connection connection;

    @BeforeEach
    void startReactorNettyEchoServer() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .ws("/echo", ClientRoleAgainstReactorNettyTest::echo,
                                WebsocketServerSpec.builder().protocols("pricefeed.v1.json").maxFramePayloadLength(MAX).build())
                        .ws("/plain", ClientRoleAgainstReactorNettyTest::echo,
                                WebsocketServerSpec.builder().maxFramePayloadLength(MAX).build())
                        .ws("/bye", (in, out) -> out.sendClose(4001, "done here")))
                .bindNow();
    }

    private static org.reactivestreams.Publisher<Void> echo(reactor.netty.http.websocket.WebsocketInbound in,
                                                            reactor.netty.http.websocket.WebsocketOutbound out) {
        return out.sendObject(in.aggregateFrames(MAX).receiveFrames()
                .filter(f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                .map(WebSocketFrame::retain));
    }

    @AfterEach
    void tearDown() {
        if (connection != null) {
            connection.disposeNow(TIMEOUT);
        }
        server.disposeNow(TIMEOUT);
    }

    private WebSocketFrameHandler connect(String path, List<String> protocols) {
        ClientHandshake handshake = ClientHandshake.create(URI.create("ws://127.0.0.1:" + server.port() + path), protocols);
        ClientHandshakeHandler upgrade = new ClientHandshakeHandler(handshake,
                WebSocketLimits.DEFAULTS.withMaxMessageBytes(MAX), new SecureRandom());
        connection = TcpClient.create().host("127.0.0.1").port(server.port())
                .doOnConnected(c -> c.addHandlerLast(HandlerNames.CLIENT_HANDSHAKE, upgrade))
                .connectNow(TIMEOUT);
        WebSocketFrameHandler frames = upgrade.upgraded().block(TIMEOUT);
        assertEquals(protocols.isEmpty() ? null : protocols.get(0), upgrade.subprotocol());
        return frames;
    }

    private WsMessage roundTrip(WsMessage message) {
        connection.outbound().sendObject(Mono.just(message)).then().block(TIMEOUT);
        return connection.inbound().receiveObject().ofType(WsMessage.class).next()
                .map(WsMessage::copy)
                .block(TIMEOUT);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 125, 126, 65535, 65536, 1024 * 1024})
    void binaryMessagesOfEveryLengthEncodingComeBackUnchanged(int size) {
        connect("/echo", List.of("pricefeed.v1.json"));
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        WsMessage echoed = roundTrip(WsMessage.binary(Unpooled.wrappedBuffer(payload)));
        try {
            assertEquals(false, echoed.isText());
            assertArrayEquals(payload, ByteBufUtil.getBytes(echoed.content()));
        } finally {
            echoed.release();
        }
    }

    @Test
    void textWithMultiByteCharactersComesBackUnchangedWithNoSubprotocol() {
        connect("/plain", List.of());
        String text = "Préis 🚀 価格 " + "x".repeat(70_000);
        WsMessage echoed = roundTrip(WsMessage.text(text));
        try {
            assertEquals(true, echoed.isText());
            assertEquals(text, echoed.content().toString(StandardCharsets.UTF_8));
        } finally {
            echoed.release();
        }
    }

    @Test
    void theServersCloseIsAnsweredAndReported() {
        WebSocketFrameHandler frames = connect("/bye", List.of());
        assertEquals(new CloseStatus(4001, "done here", Initiator.REMOTE, true), frames.onClose().block(TIMEOUT));
    }

    @Test
    void ourCloseIsAnsweredByTheServer() {
        WebSocketFrameHandler frames = connect("/plain", List.of());
        frames.close(CloseCode.NORMAL, "client done");
        CloseStatus status = frames.onClose().block(TIMEOUT);
        assertEquals(1000, status.code());
        assertEquals(Initiator.LOCAL, status.initiator());
    }
}
