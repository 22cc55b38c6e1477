package pricefeed.server.stream;

import io.netty.channel.Channel;
import org.reactivestreams.Publisher;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.netty.OutputClosedException;
import pricefeed.core.ws.netty.WebSocketFrameHandler;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import java.util.function.Consumer;

/**
 * A {@link WebSocketConnection} over a Reactor Netty {@link Connection} whose pipeline holds our frame
 * handler: inbound through {@code receiveObject()}, outbound through {@code sendObject()} (which requests
 * more only while the channel is writable), and the close handshake through the frame handler.
 */
final class ChannelWebSocketConnection implements WebSocketConnection {

    private final Connection connection;
    private final WebSocketFrameHandler frames;
    private final HandshakeRequest request;

    ChannelWebSocketConnection(Connection connection, WebSocketFrameHandler frames, HandshakeRequest request) {
        this.connection = connection;
        this.frames = frames;
        this.request = request;
    }

    @Override
    public HandshakeRequest request() {
        return request;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Flux<WsMessage> receive() {
        // Our frame handler turns every inbound byte into WsMessages before the bridge, so nothing else can
        // arrive here; a cast instead of ofType saves two operators per connection.
        return (Flux<WsMessage>) (Flux<?>) connection.inbound().receiveObject();
    }

    @Override
    public Mono<Void> send(Publisher<WsMessage> messages) {
        // Output closing under a sender (our close frame went out first) ends the send, not as a failure.
        return connection.outbound().sendObject(messages).then()
                .onErrorResume(OutputClosedException.class, e -> Mono.empty());
    }

    @Override
    public Channel channel() {
        return connection.channel();
    }

    @Override
    public void close(CloseCode code, String reason) {
        frames.close(code, reason);
    }

    @Override
    public Mono<CloseStatus> onClose() {
        return frames.onClose();
    }

    /** {@link #onClose()} as a plain callback: see {@link WebSocketFrameHandler#whenClosed}. */
    void whenClosed(Consumer<CloseStatus> callback) {
        frames.whenClosed(callback);
    }

    @Override
    public boolean isOpen() {
        return frames.isOpen();
    }

    @Override
    public String toString() {
        return "WebSocket" + request.path() + "@" + request.remoteAddress();
    }
}
