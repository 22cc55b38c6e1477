package pricefeed.server;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.core.json.ClientMessageParser;
import pricefeed.core.json.JsonProtocol;
import pricefeed.core.ws.netty.LeakDetection;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.metrics.StreamMetrics;
import pricefeed.server.session.SessionSettings;
import pricefeed.server.session.StreamRoute;
import pricefeed.server.stream.StreamListener;
import pricefeed.server.stream.StreamListenerConfig;
import pricefeed.server.subscription.FanoutThreads;
import pricefeed.server.subscription.HistoryBudget;
import pricefeed.server.subscription.ServerFrames;
import pricefeed.server.subscription.SimulatorBridge;
import pricefeed.server.subscription.TickFanout;
import pricefeed.server.web.WebListener;
import pricefeed.simulator.MarketSimulator;
import pricefeed.simulator.SimulatorConfig;
import reactor.core.Disposable;

import java.io.PrintStream;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static pricefeed.server.metrics.MetricNames.LISTENER_STREAM;
import static pricefeed.server.metrics.MetricNames.LISTENER_WEB;

/**
 * The service: the simulator, the fan-out, the stream listener and the web listener, wired from one
 * {@link ServerConfig}. {@link #main} only parses the configuration, starts this and waits.
 */
public final class FeedServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedServer.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /**
     * Tick history may take a quarter of the direct memory, unfinished inbound messages an eighth
     * ({@code StreamListenerConfig.DEFAULT_INBOUND_MEMORY_BYTES}) and web answers not yet written an eighth: the
     * half left is for the stream's outbound batches and SSE, and a full history is long-lived.
     */
    private static final int HISTORY_SHARE_OF_DIRECT_MEMORY = 4;
    /**
     * Least direct memory (-XX:MaxDirectMemorySize) the server starts with. Frames and socket writes live
     * there; an independent probe found 8 MiB enough for 100 clients at 5,000 ticks/s, while with 1 MiB the
     * first clients' frames failed to allocate and the listeners stayed broken after they left.
     */
    static final long MIN_DIRECT_MEMORY = 8L * 1024 * 1024;
    /** A tick's frame on the wire is 150-190 bytes with the default universe's symbols and prices. */
    private static final int TICK_FRAME_BYTES = 192;
    /** The least --send-buffer that does not cap bulk transfers to clients on the same host; see sendBufferWarning. */
    static final int MIN_LOOPBACK_SEND_BUFFER = 48 * 1024;

    private final ServerConfig config;
    private final MarketSimulator simulator;
    private final FeedMetrics metrics;
    private final TickFanout fanout;
    private final Disposable bridge;
    private final StreamRoute route;
    private volatile StreamListener stream;
    private final WebListener web;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private FeedServer(ServerConfig config, MarketSimulator simulator, FeedMetrics metrics, TickFanout fanout,
                       Disposable bridge, StreamRoute route, StreamListener stream, WebListener web) {
        this.config = config;
        this.fanout = fanout;
        this.route = route;
        this.simulator = simulator;
        this.metrics = metrics;
        this.bridge = bridge;
        this.stream = stream;
        this.web = web;
    }

    /**
     * A throttled subscription's intervals, all started by one subscribe, end together, and each releases
     * the tick it holds for every symbol at once: a queue of up to one tick frame per symbol held. Under a
     * budget smaller than that, a client that reads at full speed can be dropped as a slow consumer.
     *
     * @param config the configuration
     * @return a one-line warning naming the options, or null when the budget covers such a release
     */
    static String throttleBurstWarning(ServerConfig config) {
        long release = (long) config.maxSymbolsPerConnection() * TICK_FRAME_BYTES;
        if (config.outboundBudget() >= release) {
            return null;
        }
        return "--outbound-budget " + config.outboundBudget() + " is below what one throttled subscription to "
                + "--max-symbols-per-connection " + config.maxSymbolsPerConnection() + " symbols may release at once "
                + "(about " + release + " bytes): such clients may be dropped as slow consumers";
    }

    /**
     * On loopback a TCP segment carries up to 64 KiB. A send buffer (which the kernel doubles) that cannot
     * hold more than one lets the reader's kernel delay each acknowledgement by 40 ms: 1.6-4 MB/s per
     * connection however fast the client reads (measured with 8-32 KiB), where 36 KiB and more gave 45-80 MB/s;
     * 48 KiB leaves a margin.
     *
     * @param config the configuration
     * @return a one-line warning naming the option, or null when the send buffer is large enough
     */
    static String sendBufferWarning(ServerConfig config) {
        if (config.sendBuffer() >= MIN_LOOPBACK_SEND_BUFFER) {
            return null;
        }
        return "--send-buffer " + Quantities.formatSize(config.sendBuffer()) + " is below "
                + Quantities.formatSize(MIN_LOOPBACK_SEND_BUFFER) + ": clients on this host will get bulk data "
                + "(resumes, large snapshots, /echo, fast feeds) at a few MB/s per connection at most, held up by "
                + "their delayed acknowledgements";
    }

    /**
     * @param maxDirectMemory the direct memory the JVM allows, in bytes
     * @return why the server cannot start with that little, or null when it is enough
     */
    static String directMemoryShortfall(long maxDirectMemory) {
        if (maxDirectMemory >= MIN_DIRECT_MEMORY) {
            return null;
        }
        return "the JVM allows " + Quantities.formatSize(maxDirectMemory) + " of direct memory, and the server needs at "
                + "least " + Quantities.formatSize(MIN_DIRECT_MEMORY) + ": raise -XX:MaxDirectMemorySize";
    }

    /**
     * Starts everything and binds both listeners.
     *
     * @param config the validated configuration
     * @return the running service
     */
    public static FeedServer start(ServerConfig config) {
        String direct = directMemoryShortfall(PlatformDependent.maxDirectMemory());
        if (direct != null) {
            throw new IllegalStateException(direct);
        }
        for (String warning : new String[] {throttleBurstWarning(config), sendBufferWarning(config)}) {
            if (warning != null) {
                log.warn(warning);
            }
        }
        MarketSimulator simulator = new MarketSimulator(simulatorConfig(config), FanoutThreads.factory());
        FeedMetrics metrics = new FeedMetrics();
        // Netty's figure for the direct memory the JVM may use: the limit its pooled frame buffers meet.
        HistoryBudget history = HistoryBudget.ofBytes(PlatformDependent.maxDirectMemory()
                / HISTORY_SHARE_OF_DIRECT_MEMORY);
        TickFanout fanout = new TickFanout(new ServerFrames(PooledByteBufAllocator.DEFAULT), config.history(),
                history, simulator.epoch(), System::nanoTime);
        Disposable bridge = SimulatorBridge.connect(simulator, fanout);
        metrics.countTicks(fanout::ticksPublished);
        metrics.countSubscriptions(fanout::subscriptions);
        metrics.countHistory(history::taken, history.limit());
        metrics.countSimulatorSkipped(simulator::skippedMicros);
        StreamListener stream = null;
        try {
            // The per-connection limit counts symbols held, so a list may be longer: names repeated, or an
            // unsubscribe of more than may be held. The parser's cap only bounds one message's work.
            int listCap = Math.max(config.maxSymbolsPerConnection(), JsonProtocol.DEFAULT_MAX_SYMBOLS);
            StreamRoute route = new StreamRoute(fanout, new ClientMessageParser(listCap), metrics,
                    sessionSettings(config));
            stream = binding(Option.STREAM_PORT, config, () -> bindStream(streamConfig(config), route, metrics));
            int streamPort = stream.port();
            WebListener web = binding(Option.HTTP_PORT, config,
                    () -> new WebListener(config, simulator, fanout, metrics, () -> streamPort).start());
            AcceptFailures.watch(stream.serverChannel(), LISTENER_STREAM, metrics.acceptFailureCounter(LISTENER_STREAM));
            AcceptFailures.watch(web.serverChannel(), LISTENER_WEB, metrics.acceptFailureCounter(LISTENER_WEB));
            simulator.start();
            return new FeedServer(config, simulator, metrics, fanout, bridge, route, stream, web);
        } catch (RuntimeException e) {
            if (stream != null) {
                stream.shutdown(Duration.ZERO).block(SHUTDOWN_GRACE);
            }
            bridge.dispose();
            simulator.close();
            fanout.close();
            metrics.close();
            throw e;
        }
    }

    /** A listener that cannot bind is named by the option at fault in the one-line error. */
    private static <T> T binding(Option<Integer> port, ServerConfig config, Supplier<T> bind) {
        try {
            return bind.get();
        } catch (RuntimeException e) {
            throw new BindFailure(bindFailureMessage(port, config, e), e);
        }
    }

    /**
     * @return the one-line error for a failed bind: a host that does not resolve or is no address of this
     *         machine is the fault of {@code --host}, anything else (a port taken, a privileged port) of the port
     */
    static String bindFailureMessage(Option<Integer> port, ServerConfig config, Throwable failure) {
        Throwable root = rootCause(failure);
        String host = Option.HOST.flag() + " " + config.host() + ": ";
        if (root instanceof UnresolvedAddressException) {
            return host + "the name does not resolve";
        }
        String reason = root.getMessage() == null ? root.toString() : root.getMessage();
        // EADDRNOTAVAIL, as the JDK and Netty's native transport word it (errno 99 on Linux).
        if (reason.contains("Cannot assign requested address")) {
            return host + "not an address of this machine (" + reason + ")";
        }
        return port.flag() + " " + port.valueIn(config) + " on " + config.host() + ": " + reason;
    }

    /** Start-up failed to bind a listener; its message is the whole one-line error. */
    private static final class BindFailure extends RuntimeException {
        BindFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static StreamListener bindStream(StreamListenerConfig config, StreamRoute route, FeedMetrics metrics) {
        return StreamListener.bind(config, Map.of("/stream", route), new StreamMetrics(metrics))
                .block(Duration.ofSeconds(30));
    }

    /**
     * Stops the stream listener (every connection gets 1001) and binds a new one on the same port, with
     * the simulator, fan-out and web listener running on: what clients see when the stream tier restarts.
     */
    public void restartStreamListener() {
        int port = stream.port();
        stream.shutdown(SHUTDOWN_GRACE).block(SHUTDOWN_GRACE.multipliedBy(2));
        stream = bindStream(streamConfig(config).withAddress(config.host(), port), route, metrics);
    }

    static SimulatorConfig simulatorConfig(ServerConfig c) {
        SimulatorConfig sim = SimulatorConfig.defaults()
                .withSymbols(c.symbols())
                .withTickRate(c.tickRate())
                .withSeed(c.seed())
                .withJumpIntensity(c.jumpIntensity());
        return c.symbolFile().map(sim::withSymbolFile).orElse(sim);
    }

    static SessionSettings sessionSettings(ServerConfig c) {
        return new SessionSettings(c.maxSymbolsPerConnection(), c.maxInboundRate(), c.outboundBudget(),
                c.maxLag(), c.heartbeatInterval(), c.writeDelay());
    }

    static StreamListenerConfig streamConfig(ServerConfig c) {
        return StreamListenerConfig.DEFAULTS
                .withAddress(c.host(), c.streamPort())
                .withStreamLimits(c.streamLimits())
                .withEchoLimits(c.echoLimits())
                .withEchoEnabled(c.echo())
                .withAllowedOrigins(c.allowedOrigins())
                .withMaxConnections(c.maxConnections())
                .withKeepAlive(c.pingInterval(), c.idleTimeout())
                .withBuffers(c.sendBuffer(), StreamListenerConfig.DEFAULT_LOW_WATER_MARK,
                        StreamListenerConfig.DEFAULT_HIGH_WATER_MARK)
                .withHandshakeTimeout(c.handshakeTimeout())
                .withIoThreads(c.ioThreads());
    }

    /** @return the stream listener's bound port */
    public int streamPort() {
        return stream.port();
    }

    /** @return the web listener's bound port */
    public int httpPort() {
        return web.port();
    }

    /** @return the configured bind address ({@code --host}), as given */
    public String host() {
        return config.host();
    }

    /**
     * Prints the listening lines of PROTOCOL.md section 1.
     *
     * @param out standard output
     */
    public void printListening(PrintStream out) {
        String host = ListenAddress.uriHost(host());
        out.println("stream listening on ws://" + host + ":" + streamPort() + "/stream");
        out.println("http listening on http://" + host + ":" + httpPort() + "/");
        out.flush();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    /** Sends 1001 to every stream connection, stops both listeners and the simulator. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long began = System.nanoTime();
        log.info("shutting down: closing {} stream and {} web connections", stream.activeConnections(), web.openChannels());
        try {
            stream.shutdown(SHUTDOWN_GRACE).block(SHUTDOWN_GRACE.multipliedBy(2));
            web.shutdown(SHUTDOWN_GRACE).block(SHUTDOWN_GRACE.multipliedBy(2));
        } catch (RuntimeException e) {
            log.warn("shutdown did not finish cleanly: {}", e.toString());
        } finally {
            bridge.dispose();
            simulator.close();
            fanout.close();
            metrics.close();
            log.info("stopped in {} ms", Duration.ofNanos(System.nanoTime() - began).toMillis());
            stopped.countDown();
        }
    }

    /**
     * Parses the configuration, starts the service, prints the listening lines and runs until the JVM is
     * asked to stop. A bad option ends it with a one-line message and exit code 2.
     *
     * @param args command-line options (see {@code --help})
     */
    public static void main(String[] args) throws InterruptedException {
        ConfigLoader.Result parsed;
        try {
            // First, before Netty logs anything at the level a bad name would give: DEBUG.
            LogLevels.check(System::getProperty, System.getenv());
            LeakDetection.offUnlessConfigured();
            parsed = ConfigLoader.parse(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("pricefeed: " + e.getMessage());
            System.exit(ConfigException.EXIT_CODE);
            return;
        }
        if (parsed instanceof ConfigLoader.Help help) {
            System.out.print(help.text());
            return;
        }
        ServerConfig config = ((ConfigLoader.Run) parsed).config();
        DroppedErrors.install();
        FeedServer server;
        try {
            server = start(config);
        } catch (RuntimeException e) {
            System.err.println("pricefeed: cannot start: " + (e instanceof BindFailure ? e.getMessage() : rootMessage(e)));
            LogFlush.stop();
            System.exit(1);
            return;
        }
        // Registered at once: from here on, the log's async queue is flushed only by this hook.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            LogFlush.stop();
        }, "pricefeed-shutdown"));
        OpenFiles.shortfallWarnings(config, OpenFiles.now()).forEach(log::warn);
        StreamWarmup.runQuietly();
        server.printListening(System.out);
        log.info("dashboard: http://{}:{}/", ListenAddress.browsableHost(config.host()), server.httpPort());
        server.awaitClose();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = rootCause(e);
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
