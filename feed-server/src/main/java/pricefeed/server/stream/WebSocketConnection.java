package pricefeed.server.stream;

import io.netty.channel.Channel;
import org.reactivestreams.Publisher;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.WsMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** One open server-side WebSocket, as the rest of the server sees it. */
public interface WebSocketConnection {

    /** @return what the client asked for in its handshake */
    HandshakeRequest request();

    /**
     * Inbound data messages, with backpressure: reading from the socket pauses while there is no demand.
     * Each message is released after {@code onNext} returns (retain it to keep it). Completes when the
     * connection closes. Subscribe at most once.
     *
     * @return the data messages, in order
     */
    Flux<WsMessage> receive();

    /**
     * Encodes and writes messages, requesting more only while the channel is writable. Messages offered
     * after our close frame are released and dropped.
     *
     * @param messages the messages to send; each is released once written
     * @return completes when every message was written, or errors when writing failed
     */
    Mono<Void> send(Publisher<WsMessage> messages);

    /**
     * @return the underlying channel, for code that drains its own queue on {@code channel().eventLoop()}
     *         and watches writability
     */
    Channel channel();

    /**
     * Starts the close handshake: sends a close frame and refuses further output; the TCP connection closes
     * when the peer answers or after the close timeout. Safe from any thread; does nothing once closing.
     *
     * @param code   the close code (one that may be sent)
     * @param reason the reason, at most 123 UTF-8 bytes
     */
    void close(CloseCode code, String reason);

    /** @return completes with how the connection ended, once its TCP connection is closed */
    Mono<CloseStatus> onClose();

    /** @return whether the WebSocket is open: no close frame sent or received and TCP up */
    boolean isOpen();
}
