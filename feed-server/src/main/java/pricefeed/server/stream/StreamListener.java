package pricefeed.server.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.netty.InboundMemory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stream listener: a Reactor Netty {@link TcpServer} that speaks our own HTTP upgrade handshake and
 * RFC 6455 stack (Netty's and Reactor Netty's WebSocket and HTTP codecs are not used), serving the given
 * routes and {@code /echo} when enabled. A non-upgrade request gets 426 on a WebSocket path and 404
 * elsewhere; every request gets an answer or, when its head is not complete in time, a closed connection.
 */
public final class StreamListener {

    /** The close reason sent to every open connection on shutdown. */
    public static final String SHUTDOWN_REASON = "server shutting down";
    /** The close reason (with 1001) for a connection the peer kept silent on for the idle timeout. */
    public static final String IDLE_TIMEOUT_REASON = "idle timeout";
    /** The close reason (with 1008) for a connection dropped for falling behind (PROTOCOL.md section 5). */
    public static final String SLOW_CONSUMER_REASON = "slow consumer";

    /**
     * How long the event loops get to stop once every channel is closed, whatever the grace: with no
     * channel left they stop in milliseconds, and a zero bound would report a failure even then.
     */
    private static final Duration LOOPS_STOP_TIMEOUT = Duration.ofSeconds(1);

    private final StreamListenerConfig config;
    private final DisposableServer server;
    private final ConnectionRegistry registry;
    private final ChannelGroup channels;
    private final LoopResources loops;
    private final InboundMemory inboundMemory;

    private StreamListener(StreamListenerConfig config, DisposableServer server, ConnectionRegistry registry,
                           ChannelGroup channels, LoopResources loops, InboundMemory inboundMemory) {
        this.config = config;
        this.server = server;
        this.registry = registry;
        this.channels = channels;
        this.loops = loops;
        this.inboundMemory = inboundMemory;
    }

    /**
     * Binds the listener.
     *
     * @param config the listener settings
     * @param routes the application's WebSocket routes by path (e.g. {@code /stream}); {@code /echo} is added
     *               by the listener when {@code config.echoEnabled()} and may not be given here
     * @param events hooks for metrics and logs
     * @return emits the bound listener
     */
    public static Mono<StreamListener> bind(StreamListenerConfig config, Map<String, WebSocketHandler> routes,
                                            StreamEvents events) {
        Objects.requireNonNull(events, "events");
        Map<String, Route> table = Route.table(config, routes);
        ConnectionRegistry registry = new ConnectionRegistry(config.maxConnections());
        ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        // One for every route: /echo's 1 MiB messages and /stream's 64 KiB ones draw on the same direct memory.
        InboundMemory inboundMemory = InboundMemory.ofBytes(config.inboundMemoryBytes());
        StreamPipeline pipeline = new StreamPipeline(config, table, registry, channels, events, inboundMemory);
        // The listener's own event loops, sized to the CPUs: the fan-out hands every batch to every loop that
        // has subscribers, so a loop per CPU is as parallel as it gets and more loops only add wake-ups.
        // Accepting has a thread of its own, asleep but for new connections: on a loop that also writes the
        // fan-out, a pass could take 20-100 ms at full load, and clients arriving then waited seconds in the
        // backlog to be accepted (1000 clients streaming from one core: 440 gave up on their handshake).
        LoopResources loops = LoopResources.create("pricefeed-stream", 1, config.ioThreads(), true);
        return TcpServer.create()
                .runOn(loops)
                .host(config.host())
                .port(config.port())
                .option(ChannelOption.RCVBUF_ALLOCATOR, AcceptBatches.allocator())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_SNDBUF, config.sendBufferBytes())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
                .doOnConnection(pipeline::onConnection)
                .handle(pipeline::handle)
                .bind()
                .map(server -> new StreamListener(config, server, registry, channels, loops, inboundMemory))
                .onErrorResume(e -> loops.disposeLater(Duration.ZERO, LOOPS_STOP_TIMEOUT).then(Mono.error(e)));
    }

    /** @return the bound port (the real one when the config asked for 0) */
    public int port() {
        return server.port();
    }

    /** @return the bound host address */
    public String host() {
        return server.host();
    }

    /** @return the listening channel, for a handler that watches its accepts */
    public Channel serverChannel() {
        return server.channel();
    }

    /** @return the settings this listener runs with */
    public StreamListenerConfig config() {
        return config;
    }

    /** @return what this listener's connections hold of unfinished inbound messages, and its bound */
    public InboundMemory inboundMemory() {
        return inboundMemory;
    }

    /** @return the number of open WebSocket connections */
    public int activeConnections() {
        return registry.size();
    }

    /**
     * Stops accepting, sends close 1001 "server shutting down" to every open WebSocket connection, waits for
     * them to close (each closes at the latest after its close timeout), and after {@code grace} closes
     * whatever is still open, including connections still in their handshake.
     *
     * @param grace the most to wait for connections to close by themselves
     * @return completes when the listener and every connection are closed
     */
    public Mono<Void> shutdown(Duration grace) {
        return Mono.defer(() -> {
            List<WebSocketConnection> open = registry.beginShutdown();
            server.dispose();
            open.forEach(ws -> ws.close(CloseCode.GOING_AWAY, SHUTDOWN_REASON));
            return registry.drained()
                    .timeout(grace, Mono.empty())
                    .then(Mono.<Void>create(sink -> channels.close().addListener(f -> sink.success())))
                    .then(server.onDispose())
                    .then(loops.disposeLater(Duration.ZERO, LOOPS_STOP_TIMEOUT));
        });
    }
}
