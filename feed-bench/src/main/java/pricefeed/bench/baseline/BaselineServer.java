package pricefeed.bench.baseline;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import pricefeed.core.json.ClientMessage;
import pricefeed.core.json.ClientMessageParser;
import pricefeed.core.market.Tick;
import pricefeed.simulator.MarketSimulator;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpInfos;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * The end-to-end baseline: the {@code /stream} protocol (PROTOCOL.md §4) served by Reactor Netty's
 * {@code HttpServer} and its built-in WebSocket support, fed by the same {@link MarketSimulator}, written
 * idiomatically and neither sabotaged nor hand-tuned. Defaults everywhere (event loops, allocator, frame
 * limits); only 127.0.0.1 is bound. No subprotocol is configured: with one, Reactor Netty would not run the
 * handler for a client that offers none, and PROTOCOL.md serves such clients the same JSON.
 *
 * <pre>{@code
 * java -cp feed-bench/target/benchmarks.jar pricefeed.bench.baseline.BaselineServer \
 *     --stream-port 0 --symbols 100 --tick-rate 2000 --seed 42
 * }</pre>
 */
public final class BaselineServer implements AutoCloseable {

    /** The only address bound. */
    public static final String HOST = "127.0.0.1";
    /** The WebSocket path, as on the product's stream listener. */
    public static final String PATH = "/stream";

    private static final String QUERY_SYMBOLS = "symbols";

    private final MarketSimulator simulator;
    private final DisposableServer server;
    private final AtomicInteger connections = new AtomicInteger();

    private BaselineServer(BaselineOptions options) {
        this.simulator = new MarketSimulator(options.simulator());
        ClientMessageParser parser = new ClientMessageParser();
        Flux<Tick> ticks = simulator.ticks();
        try {
            this.server = HttpServer.create()
                    .host(HOST)
                    .port(options.streamPort())
                    .route(routes -> routes.ws(PATH,
                            (in, out) -> Flux.from(new BaselineSession(simulator, parser)
                                            .handle(in, out, ticks, querySubscribe(in)))
                                    .doOnSubscribe(s -> connections.incrementAndGet())
                                    .doFinally(signal -> connections.decrementAndGet())))
                    .bindNow();
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
        simulator.start();
    }

    /**
     * Binds, then starts the simulator.
     *
     * @param options port and simulator configuration
     * @return the running server
     */
    public static BaselineServer start(BaselineOptions options) {
        return new BaselineServer(options);
    }

    /** @return the bound port */
    public int port() {
        return server.port();
    }

    /** @return the URL clients connect to */
    public String url() {
        return "ws://" + HOST + ":" + port() + PATH;
    }

    /** @return connections whose handler is running */
    public int connections() {
        return connections.get();
    }

    /** Stops listening, closes every connection and the simulator. */
    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
        simulator.close();
    }

    private static Optional<ClientMessage.Subscribe> querySubscribe(WebsocketInbound in) {
        if (!(in instanceof HttpInfos request)) {
            return Optional.empty();
        }
        List<String> values = new QueryStringDecoder(request.uri()).parameters().get(QUERY_SYMBOLS);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        List<String> symbols = values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        return symbols.isEmpty() ? Optional.empty() : Optional.of(ClientMessage.Subscribe.of(null, symbols));
    }

    /**
     * Runs until the process is stopped, after printing {@code stream listening on ws://HOST:PORT/stream}.
     *
     * @param args see {@link BaselineOptions#parse}
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        BaselineOptions options;
        try {
            options = BaselineOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        BaselineServer server = start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "baseline-shutdown"));
        System.out.println("stream listening on " + server.url());
        System.out.flush();
        stopped.await();
    }
}
