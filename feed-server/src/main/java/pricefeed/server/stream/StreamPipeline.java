package pricefeed.server.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.AttributeKey;
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
import pricefeed.core.ws.netty.WebSocketFrameHandler;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
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
    private static final AttributeKey<ChannelWebSocketConnection> WEBSOCKET =
            AttributeKey.valueOf(StreamPipeline.class, "websocket");

    private final StreamListenerConfig config;
    private final Map<String, Route> routes;
    private final UpgradeValidator validator;
    private final ConnectionRegistry registry;
    private final ChannelGroup channels;
    private final StreamEvents events;
    private final Scheduler timers;

    StreamPipeline(StreamListenerConfig config, Map<String, Route> routes, ConnectionRegistry registry,
                   ChannelGroup channels, StreamEvents events, Scheduler timers) {
        this.config = config;
        this.routes = routes;
        this.validator = new UpgradeValidator(routes.keySet(), config.allowedOrigins(),
                List.of(WebSocketProtocol.SUBPROTOCOL_JSON));
        this.registry = registry;
        this.channels = channels;
        this.events = events;
        this.timers = timers;
    }

    /** {@code doOnConnection}: every accepted connection starts with the handshake handler. */
    void onConnection(Connection connection) {
        channels.add(connection.channel());
        connection.addHandlerLast(HandlerNames.HANDSHAKE, new UpgradeHandler(
                config.streamLimits().maxHeadBytes(), config.streamLimits().handshakeTimeout(),
                config.streamLimits().closeTimeout(), validator, registry::admit, this::install, events));
    }

    /**
     * {@code handle}: the connection lives until its channel closes, which our own close machinery decides
     * (the close handshake, a rejection, a timeout); the route's handler starts once the upgrade is done.
     */
    Publisher<Void> handle(NettyInbound inbound, NettyOutbound outbound) {
        Connection connection = (Connection) inbound;
        if (connection.channel().pipeline().get(HandlerNames.HANDSHAKE) instanceof UpgradeHandler upgrade) {
            upgrade.upgraded().subscribe(accepted -> start(connection.channel()));
        }
        return connection.onDispose();
    }

    /** Called by the handshake handler right after the 101, before it leaves the pipeline. */
    private void install(Channel channel, Accepted accepted) {
        Route route = routes.get(accepted.path());
        Connection connection = Connection.from(channel);
        WebSocketFrameHandler frames = new WebSocketFrameHandler(Role.SERVER, route.limits(), null);
        HandshakeRequest request = new HandshakeRequest(accepted.path(), accepted.query(), accepted.subprotocol(),
                accepted.head().header(HttpConstants.ORIGIN), (InetSocketAddress) channel.remoteAddress());
        ChannelWebSocketConnection ws = new ChannelWebSocketConnection(connection, frames, request);
        KeepAlive keepAlive = new KeepAlive(config.pingInterval(), config.idleTimeout(), timers,
                () -> frames.ping(Unpooled.EMPTY_BUFFER), () -> ws.close(CloseCode.GOING_AWAY, "idle timeout"));
        connection.addHandlerLast(HandlerNames.ACTIVITY, new InboundActivity(keepAlive))
                .addHandlerLast(HandlerNames.FRAME_HANDLER, frames)
                .addHandlerLast(HandlerNames.FRAME_WRITER, frames.writer());
        channel.attr(WEBSOCKET).set(ws);
        registry.add(ws);
        frames.onClose().subscribe(status -> {
            keepAlive.dispose();
            registry.remove(ws);
            events.onClose(request, status);
        });
        events.onOpen(request);
        keepAlive.start();
    }

    /** Runs the route's handler; see {@link WebSocketHandler} for how its publisher and the socket relate. */
    private void start(Channel channel) {
        ChannelWebSocketConnection ws = channel.attr(WEBSOCKET).getAndSet(null);
        if (ws == null) {
            return;
        }
        Route route = routes.get(ws.request().path());
        // defer: a handler that throws instead of returning a failed publisher is closed with 1011 too.
        Disposable app = Flux.defer(() -> route.handler().handle(ws)).subscribe(null, error -> {
            if (ws.isOpen()) {
                log.warn("handler of {} failed; closing with 1011", ws, error);
                ws.close(CloseCode.INTERNAL_ERROR, "internal error");
            } else {
                log.debug("handler of closed {} ended with {}", ws, error.toString());
            }
        }, () -> ws.close(CloseCode.NORMAL, ""));
        ws.onClose().subscribe(status -> app.dispose());
    }
}
