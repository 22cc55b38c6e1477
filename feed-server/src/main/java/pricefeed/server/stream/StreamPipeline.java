package pricefeed.server.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.handshake.HandshakeOutcome.Accepted;
import pricefeed.core.ws.handshake.HttpConstants;
import pricefeed.core.ws.handshake.UpgradeValidator;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.netty.HandlerNames;
import pricefeed.core.ws.netty.InboundMemory;
import pricefeed.core.ws.netty.WebSocketFrameHandler;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Per-connection wiring of the stream listener: installs the handshake on each new connection, swaps in
 * the WebSocket handlers on 101, and runs the route's handler for the connection's life.
 */
final class StreamPipeline {

    private static final Logger log = LoggerFactory.getLogger(StreamPipeline.class);

    private final StreamListenerConfig config;
    private final Map<String, Route> routes;
    private final UpgradeValidator validator;
    private final ConnectionRegistry registry;
    private final ChannelGroup channels;
    private final StreamEvents events;
    private final InboundMemory inboundMemory;

    StreamPipeline(StreamListenerConfig config, Map<String, Route> routes, ConnectionRegistry registry,
                   ChannelGroup channels, StreamEvents events, InboundMemory inboundMemory) {
        this.config = config;
        this.routes = routes;
        this.validator = new UpgradeValidator(routes.keySet(), config.allowedOrigins(),
                List.of(WebSocketProtocol.SUBPROTOCOL_JSON));
        this.registry = registry;
        this.channels = channels;
        this.events = events;
        this.inboundMemory = inboundMemory;
    }

    /** {@code doOnConnection}: every accepted connection starts with the handshake handler. */
    void onConnection(Connection connection) {
        channels.add(connection.channel());
        Pipelines.addLast(connection.channel(), HandlerNames.HANDSHAKE, new UpgradeHandler(
                config.streamLimits().maxHeadBytes(), config.streamLimits().handshakeTimeout(),
                config.streamLimits().closeTimeout(), validator, registry::admit, this::install, events));
    }

    /**
     * {@code handle}: the connection lives until its channel closes, which our own close machinery decides
     * (the close handshake, a rejection, a timeout); the route's handler is started by the handshake handler
     * once the upgrade is done.
     */
    Publisher<Void> handle(NettyInbound inbound, NettyOutbound outbound) {
        return ((Connection) inbound).onDispose();
    }

    /**
     * Called by the handshake handler right after the 101, before it leaves the pipeline.
     *
     * @return starts the route's handler; run once the handshake handler has left
     */
    private Runnable install(Channel channel, Accepted accepted) {
        Route route = routes.get(accepted.path());
        Connection connection = Connection.from(channel);
        WebSocketFrameHandler frames = new WebSocketFrameHandler(Role.SERVER, route.limits(), null, inboundMemory);
        // The route's own path string, not the one parsed from this request: one less string per connection.
        HandshakeRequest request = new HandshakeRequest(route.path(), accepted.query(), accepted.subprotocol(),
                accepted.head().header(HttpConstants.ORIGIN), (InetSocketAddress) channel.remoteAddress());
        ChannelWebSocketConnection ws = new ChannelWebSocketConnection(connection, frames, request);
        KeepAlive keepAlive = new KeepAlive(config.pingInterval(), config.idleTimeout(),
                LoopSchedulers.of(channel.eventLoop()),
                () -> frames.ping(Unpooled.EMPTY_BUFFER), () -> ws.close(CloseCode.GOING_AWAY, StreamListener.IDLE_TIMEOUT_REASON));
        Pipelines.addLast(channel, HandlerNames.ACTIVITY, new InboundActivity(keepAlive));
        Pipelines.addLast(channel, HandlerNames.FRAME_HANDLER, frames);
        Pipelines.addLast(channel, HandlerNames.FRAME_WRITER, frames.writer());
        boolean beforeShutdown = registry.add(ws);
        ws.whenClosed(status -> {
            keepAlive.dispose();
            registry.remove(ws);
            events.onClose(request, status);
        });
        events.onOpen(request);
        if (!beforeShutdown) {
            // Admitted just before shutdown began, so shutdown's own list missed it.
            ws.close(CloseCode.GOING_AWAY, StreamListener.SHUTDOWN_REASON);
            return () -> { };
        }
        keepAlive.start();
        return () -> start(route, ws);
    }

    /** Runs the route's handler; see {@link WebSocketHandler} for how its publisher and the socket relate. */
    private void start(Route route, ChannelWebSocketConnection ws) {
        // defer: a handler that throws instead of returning a failed publisher is closed with 1011 too.
        Disposable app = Flux.defer(() -> route.handler().handle(ws)).subscribe(null, error -> {
            if (ws.isOpen()) {
                log.warn("handler of {} failed; closing with 1011", ws, error);
                ws.close(CloseCode.INTERNAL_ERROR, "internal error");
            } else {
                log.debug("handler of closed {} ended with {}", ws, error.toString());
            }
        }, () -> ws.close(CloseCode.NORMAL, ""));
        ws.whenClosed(status -> app.dispose());
    }
}
