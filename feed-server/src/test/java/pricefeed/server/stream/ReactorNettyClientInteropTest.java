package pricefeed.server.stream;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.test.StepVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** /echo against Reactor Netty's WebSocket client (Netty's websocketx codec), a peer we did not write. */
class ReactorNettyClientInteropTest extends StreamListenerTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Netty's client handshaker always sends an {@code Origin} of its own making: allow every origin. */
    @Override
    StreamListenerConfig config() {
        return super.config().withAllowedOrigins(List.of());
    }

    private HttpClient.WebsocketSender client(int maxFrame) {
        return HttpClient.create()
                .websocket(WebsocketClientSpec.builder().maxFramePayloadLength(maxFrame).build())
                .uri("ws://127.0.0.1:" + port() + "/echo");
    }

    @Test
    void text() {
        client(65536).handle((in, out) -> out.sendString(Mono.just("hello"))
                        .then()
                        .thenMany(in.receive().asString(StandardCharsets.UTF_8).take(1)))
                .as(StepVerifier::create)
                .expectNext("hello")
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void binary() {
        client(65536).handle((in, out) -> out.send(Mono.just(Unpooled.wrappedBuffer(new byte[] {9, 8, 7})))
                        .then()
                        .thenMany(in.receive().asByteArray().take(1)))
                .as(StepVerifier::create)
                .assertNext(bytes -> assertArrayEquals(new byte[] {9, 8, 7}, bytes))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void largeMessage() {
        byte[] big = new byte[1024 * 1024];
        new Random(11).nextBytes(big);
        client(2 * 1024 * 1024).handle((in, out) -> out.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(big)))
                        .then()
                        .thenMany(in.aggregateFrames(2 * 1024 * 1024).receive().asByteArray().take(1)))
                .as(StepVerifier::create)
                .assertNext(bytes -> assertArrayEquals(big, bytes))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void pingPong() {
        client(65536).handle((in, out) -> out.sendObject(Mono.fromSupplier(
                                () -> new PingWebSocketFrame(Unpooled.copiedBuffer("are you there", StandardCharsets.UTF_8))))
                        .then()
                        .thenMany(in.receiveFrames().ofType(PongWebSocketFrame.class)
                                .map(pong -> pong.content().toString(StandardCharsets.UTF_8)).take(1)))
                .as(StepVerifier::create)
                .expectNext("are you there")
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void closeStatus() {
        client(65536).handle((in, out) -> out.sendClose(4001, "done")
                        .then(in.receiveCloseStatus()))
                .as(StepVerifier::create)
                .assertNext(status -> assertEquals(4001, status.code()))
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void serverShutdownIsSeenAs1001() {
        client(65536).handle((in, out) -> in.receiveCloseStatus()
                        .doOnSubscribe(s -> listener.shutdown(Duration.ofSeconds(1)).subscribe()))
                .map(WebSocketCloseStatus::code)
                .as(StepVerifier::create)
                .expectNext(1001)
                .expectComplete()
                .verify(TIMEOUT);
    }
}
