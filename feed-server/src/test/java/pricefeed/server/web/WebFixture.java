package pricefeed.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import pricefeed.core.market.SymbolSpec;
import pricefeed.server.Option;
import pricefeed.server.ServerConfig;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.subscription.ServerFrames;
import pricefeed.server.subscription.SimulatorBridge;
import pricefeed.server.subscription.TickFanout;
import pricefeed.server.testing.VirtualTime;
import pricefeed.simulator.MarketSimulator;
import pricefeed.simulator.SimulatorConfig;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A web listener on 127.0.0.1 port 0 over a real simulator (5 symbols, 200 ticks/s, seed 7) and a real
 * fan-out, all on one virtual clock: ticks, SSE heartbeats and conflation happen only when a test
 * advances it. Close it in {@code @AfterEach}.
 */
final class WebFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int STREAM_PORT = 18081;
    static final SimulatorConfig SIMULATOR = SimulatorConfig.defaults().withSymbols(5).withTickRate(200).withSeed(7);

    final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    final FeedMetrics metrics = new FeedMetrics();
    final MarketSimulator simulator;
    final TickFanout fanout;
    final WebListener listener;
    final HttpClient client;
    private final Disposable bridge;

    /** An HTTP answer. */
    record Response(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.get(name);
        }
    }

    WebFixture() {
        this(Optional.empty(), Function.identity());
    }

    WebFixture(Optional<String> token) {
        this(token, Function.identity());
    }

    WebFixture(Optional<String> token, Function<ServerConfig, ServerConfig> configure) {
        this(token, configure, SIMULATOR);
    }

    WebFixture(Optional<String> token, Function<ServerConfig, ServerConfig> configure, SimulatorConfig market) {
        this(token, configure, market, WebListener.defaultAnswerBudget());
    }

    /** @param answerBudget bytes all web answers not yet written may hold together */
    WebFixture(Optional<String> token, Function<ServerConfig, ServerConfig> configure, SimulatorConfig market,
               long answerBudget) {
        simulator = new MarketSimulator(market, clock);
        fanout = new TickFanout(new ServerFrames(PooledByteBufAllocator.DEFAULT), 1024, simulator.epoch(),
                () -> clock.now(TimeUnit.NANOSECONDS));
        bridge = SimulatorBridge.connect(simulator, fanout);
        metrics.countTicks(fanout::ticksPublished);
        simulator.start();
        ServerConfig config = configure.apply(ServerConfig.DEFAULTS.with(Option.HOST, "127.0.0.1")
                .with(Option.HTTP_PORT, 0).with(Option.OPERATOR_TOKEN, token));
        listener = new WebListener(config, simulator, fanout, metrics, () -> STREAM_PORT, clock,
                Schedulers.boundedElastic(), answerBudget).start();
        client = HttpClient.create(ConnectionProvider.newConnection())
                .baseUrl("http://127.0.0.1:" + listener.port());
    }

    /**
     * @param i an index into the fan-out's symbols
     * @return that symbol
     */
    String symbol(int i) {
        return fanout.symbols().get(i).symbol();
    }

    /**
     * @param node a JSON object
     * @return its field names, in order
     */
    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Waits for a condition that has no completion signal of its own (such as an SSE stream's end), checking
     * every millisecond, without spinning against the event loop that has to make it true.
     *
     * @param condition what to wait for
     * @param what      named in the failure
     */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** Lets simulated time pass: ticks are made, timers fire, all before it returns. */
    void advance(Duration duration) {
        VirtualTime.advance(clock, duration);
    }

    Response get(String uri) {
        return request(HttpMethod.GET, uri, null, Map.of());
    }

    Response get(String uri, Map<String, String> headers) {
        return request(HttpMethod.GET, uri, null, headers);
    }

    Response request(HttpMethod method, String uri, String body, Map<String, String> headers) {
        return client.headers(h -> {
                    headers.forEach(h::set);
                    if (body != null) {
                        h.set("Content-Type", "application/json");
                    }
                })
                .request(method).uri(uri)
                .send(body == null ? Mono.empty() : ByteBufMono.fromString(Mono.just(body)))
                .responseSingle((res, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(text -> new Response(res.status().code(), res.responseHeaders(), text)))
                .block(TIMEOUT);
    }

    @Override
    public void close() {
        listener.shutdown(Duration.ofSeconds(2)).block(TIMEOUT);
        bridge.dispose();
        simulator.close();
        for (SymbolSpec spec : fanout.symbols()) {
            fanout.removeSymbol(spec.symbol()); // releases the history's frames
        }
        metrics.close();
        clock.dispose();
    }
}
