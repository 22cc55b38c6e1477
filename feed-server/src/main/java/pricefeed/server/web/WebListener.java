package pricefeed.server.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.server.ServerConfig;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.stream.AcceptBatches;
import pricefeed.server.subscription.TickFanout;
import pricefeed.simulator.MarketSimulator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The web listener of PROTOCOL.md section 6 on Reactor Netty's {@link HttpServer}: the dashboard, the
 * REST API, SSE, {@code /metrics} and {@code /healthz}, plus the operator API the dashboard uses
 * (docs/WEB-API.md describes every endpoint).
 *
 * <pre>{@code
 * WebListener web = new WebListener(config, simulator, fanout, metrics, stream::port).start();
 * System.out.println("http listening on http://" + config.host() + ":" + web.port() + "/");
 * ...
 * web.shutdown(Duration.ofSeconds(5)).block();
 * }</pre>
 */
public final class WebListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebListener.class);

    /** Lifecycle; a listener is started once. */
    private enum State { NEW, STARTED, STOPPED }

    private final ServerConfig config;
    private final Router router = new Router();
    private final SseRoutes sse;
    private final WebConnectionLimit connectionLimit;
    private final EveryResponse everyResponse;
    private final AnswerWatch answers;
    /** Every open connection, so a shutdown can wait for responses in progress and then close them all. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private DisposableServer server;
    private State state = State.NEW;

    /**
     * @param config     host, port, operator token, connection and per-stream limits
     * @param simulator  the simulator the operator API drives
     * @param fanout     the fan-out REST and SSE read
     * @param metrics    what {@code /metrics} shows; SSE meters are added to it
     * @param streamPort the stream listener's bound port, for {@code /api/info}
     * @throws IllegalStateException if the dashboard's files are not on the classpath
     */
    public WebListener(ServerConfig config, MarketSimulator simulator, TickFanout fanout, FeedMetrics metrics,
                       IntSupplier streamPort) {
        this(config, simulator, fanout, metrics, streamPort, Schedulers.parallel(), Schedulers.boundedElastic());
    }

    /**
     * @param timers   SSE heartbeats, conflation and the uptime clock (virtual time in tests)
     * @param blocking simulator calls and subscription clean-up, off the event loops
     */
    WebListener(ServerConfig config, MarketSimulator simulator, TickFanout fanout, FeedMetrics metrics,
                IntSupplier streamPort, Scheduler timers, Scheduler blocking) {
        this(config, simulator, fanout, metrics, streamPort, timers, blocking, defaultAnswerBudget());
    }

    /** @param answerBudget bytes all web answers not yet written may hold together ({@link AnswerBudget}) */
    WebListener(ServerConfig config, MarketSimulator simulator, TickFanout fanout, FeedMetrics metrics,
                IntSupplier streamPort, Scheduler timers, Scheduler blocking, long answerBudget) {
        this.config = config;
        this.everyResponse = new EveryResponse(() -> timers.now(TimeUnit.MILLISECONDS));
        this.answers = new AnswerWatch(new AnswerBudget(answerBudget), config.handshakeTimeout(), metrics);
        this.connectionLimit = new WebConnectionLimit(config.maxWebConnections(),
                WebConstants.OVER_LIMIT_PROBE_RESERVE, probeHeadDeadline(config), metrics);
        this.sse = new SseRoutes(fanout, config.maxSymbolsPerConnection(), config.outboundBudget(), config.maxLag(),
                metrics, timers, blocking);
        new DashboardRoutes(StaticFiles.load(WebListener.class.getClassLoader(), WebConstants.STATIC_ROOT))
                .register(router);
        new HealthRoutes(fanout, metrics, timers).register(router);
        new MetricsRoutes(metrics).register(router);
        new ApiRoutes(fanout, streamPort, config).register(router);
        sse.register(router);
        new OperatorRoutes(simulator, new OperatorAuth(config.operatorToken()), blocking).register(router);
    }

    /**
     * @return an eighth of the direct memory the JVM allows (Netty's figure, the limit its pooled buffers meet).
     *         The tick histories may take a quarter; the rest is the stream's, whose connections each hold up to
     *         about 128 KiB when their clients stall. An eighth still holds dozens of the largest answers (1.3 MB,
     *         a snapshot of 10,000 symbols) at once, far more than clients that read ever keep unwritten
     */
    static long defaultAnswerBudget() {
        return PlatformDependent.maxDirectMemory() / WebConstants.ANSWER_SHARE_OF_DIRECT_MEMORY;
    }

    /** @return how long the head of a request over the connection limit may take: 1 s, or less if configured */
    private static Duration probeHeadDeadline(ServerConfig config) {
        Duration deadline = config.handshakeTimeout();
        return deadline.compareTo(WebConstants.OVER_LIMIT_HEAD_DEADLINE) > 0 ? WebConstants.OVER_LIMIT_HEAD_DEADLINE
                : deadline;
    }

    /**
     * Binds {@code config.host():config.httpPort()} (port 0: an ephemeral one) and blocks until bound.
     *
     * @return this
     * @throws IllegalStateException if started before
     */
    public synchronized WebListener start() {
        if (state != State.NEW) {
            throw new IllegalStateException("web listener already " + state.name().toLowerCase(Locale.ROOT));
        }
        server = HttpServer.create()
                .host(config.host())
                .port(config.httpPort())
                .idleTimeout(WebConstants.KEEP_ALIVE_IDLE_TIMEOUT)
                .doOnChannelInit((observer, channel, remote) -> {
                    boolean within = connectionLimit.admit(channel);
                    // A request head within the handshake timeout, as on the stream listener: no slowloris.
                    // Over the limit a probe gets less, so slow ones cannot hold the probe reserve for long.
                    Duration deadline = within ? config.handshakeTimeout() : probeHeadDeadline(config);
                    answers.install(channel); // first: its 503s pass the handlers installed after it
                    MalformedBody.install(channel);
                    RequestHeadDeadline.install(channel, deadline);
                    everyResponse.install(channel);
                    RequestHeadCheck.install(channel);
                    PipelinedClose.install(channel);
                })
                .httpRequestDecoder(decoder -> decoder
                        .maxInitialLineLength(WebConstants.MAX_REQUEST_LINE_BYTES)
                        .maxHeaderSize(WebConstants.MAX_HEADER_BYTES))
                .channelGroup(connections)
                .option(ChannelOption.RCVBUF_ALLOCATOR, AcceptBatches.allocator())
                // Small like the stream's: a stalled SSE reader then trips its budget in seconds, not megabytes.
                .childOption(ChannelOption.SO_SNDBUF, config.sendBuffer())
                .handle(router::dispatch)
                .bindNow();
        state = State.STARTED;
        LOG.debug("web listener bound to {}", server.address());
        return this;
    }

    /**
     * @return the bound port
     * @throws IllegalStateException if not started
     */
    public synchronized int port() {
        if (state != State.STARTED) {
            throw new IllegalStateException("web listener not started");
        }
        return server.port();
    }

    /**
     * @return the listening channel, for a handler that watches its accepts
     * @throws IllegalStateException if not started
     */
    public synchronized Channel serverChannel() {
        if (state != State.STARTED) {
            throw new IllegalStateException("web listener not started");
        }
        return server.channel();
    }

    /** @return open connections now, refused ones still closing included */
    public int openChannels() {
        return connections.size();
    }

    /** @return what web answers not yet taken by their sockets hold now, in bytes */
    long answerBytes() {
        return answers.held();
    }

    /** @return open SSE streams now */
    int sseStreams() {
        return sse.active();
    }

    /**
     * Ends every SSE stream (each sends what it has queued, then completes), then stops listening and
     * waits up to {@code grace} for responses in progress. Idempotent.
     *
     * @param grace how long responses in progress may take to finish
     * @return completes when the listener is disposed
     */
    public Mono<Void> shutdown(Duration grace) {
        return Mono.defer(() -> {
            DisposableServer running;
            synchronized (this) {
                if (state != State.STARTED) {
                    state = State.STOPPED;
                    return Mono.empty();
                }
                state = State.STOPPED;
                running = server;
            }
            sse.endAll();
            return Mono.<Void>fromRunnable(() -> disposeNow(running, grace))
                    .subscribeOn(Schedulers.boundedElastic());
        });
    }

    private void disposeNow(DisposableServer running, Duration grace) {
        try {
            running.disposeNow(grace); // with the channel group: waits for responses in progress, closes idle ones
        } catch (IllegalStateException e) {
            LOG.warn("web listener: responses still running after {} ms are cut off", grace.toMillis());
        }
        // disposeNow only starts closing idle connections; when this returns, every connection is closed.
        connections.close().awaitUninterruptibly(grace.toMillis());
    }
}
