package pricefeed.bench.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.json.JsonId;
import pricefeed.core.json.ServerMessage;
import pricefeed.core.json.ServerMessageParser;
import pricefeed.core.market.Tick;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

class BaselineServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final ServerMessageParser parser = new ServerMessageParser();
    private BaselineServer server;

    @BeforeEach
    void start() {
        server = BaselineServer.start(BaselineOptions.parse("--stream-port", "0", "--symbols", "3",
                "--tick-rate", "3000", "--seed", "42"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends the texts one by one, then returns the first {@code count} messages received. */
    private List<ServerMessage> exchange(String path, int count, String... texts) {
        return HttpClient.create()
                .websocket()
                .uri(server.url().replace(BaselineServer.PATH, path))
                .handle((in, out) -> out.sendString(Flux.fromArray(texts), java.nio.charset.StandardCharsets.UTF_8)
                        .then()
                        .thenMany(in.receive().asString().map(parser::parse).take(count)))
                .collectList()
                .block(TIMEOUT);
    }

    @Test
    void subscribeAllSendsRepliesThenSnapshotsThenEveryTickInSeqOrder() {
        List<ServerMessage> messages = exchange("/stream", 1 + 3 + 300,
                "{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"id\":1}");

        ServerMessage.Subscribed subscribed = assertInstanceOf(ServerMessage.Subscribed.class, messages.get(0));
        assertEquals(JsonId.of(1), subscribed.id());
        assertEquals(List.of("*"), subscribed.symbols());
        Map<String, Long> lastSeq = new HashMap<>();
        for (ServerMessage m : messages.subList(1, 4)) {
            Tick snapshot = assertInstanceOf(ServerMessage.Snapshot.class, m).tick();
            lastSeq.put(snapshot.symbol(), snapshot.seq());
        }
        assertEquals(3, lastSeq.size());
        for (ServerMessage m : messages.subList(4, messages.size())) {
            Tick tick = assertInstanceOf(ServerMessage.TickMessage.class, m).tick();
            assertEquals(lastSeq.get(tick.symbol()) + 1, tick.seq(), () -> "after " + lastSeq + ": " + tick);
            lastSeq.put(tick.symbol(), tick.seq());
        }
    }

    @Test
    void subscribingTwiceRepliesTwiceWithoutSecondSnapshot() {
        String symbol = firstSymbol();
        String subscribe = "{\"op\":\"subscribe\",\"symbols\":[\"" + symbol + "\"],\"id\":\"a\"}";
        List<ServerMessage> messages = exchange("/stream", 40, subscribe, subscribe.replace("\"a\"", "\"b\""));

        assertEquals(JsonId.of("a"), assertInstanceOf(ServerMessage.Subscribed.class, messages.get(0)).id());
        long snapshots = messages.stream().filter(ServerMessage.Snapshot.class::isInstance).count();
        long replies = messages.stream().filter(ServerMessage.Subscribed.class::isInstance).count();
        assertEquals(1, snapshots);
        assertEquals(2, replies);
        Set<String> symbols = new HashSet<>();
        messages.stream().filter(ServerMessage.TickMessage.class::isInstance)
                .forEach(m -> symbols.add(((ServerMessage.TickMessage) m).tick().symbol()));
        assertEquals(Set.of(symbol), symbols);
    }

    @Test
    void queryStringSubscribesAtOnceWithReplyWithoutId() {
        String symbol = firstSymbol();
        List<ServerMessage> messages = exchange("/stream?symbols=" + symbol, 2);

        ServerMessage.Subscribed subscribed = assertInstanceOf(ServerMessage.Subscribed.class, messages.get(0));
        assertNull(subscribed.id());
        assertEquals(List.of(symbol), subscribed.symbols());
        assertEquals(symbol, assertInstanceOf(ServerMessage.Snapshot.class, messages.get(1)).tick().symbol());
    }

    @Test
    void unsubscribedConnectionGetsOnlyRepliesInOrder() {
        List<ServerMessage> messages = exchange("/stream", 3,
                "{\"op\":\"ping\",\"id\":7}",
                "not json",
                "{\"op\":\"subscribe\",\"symbols\":[\"NOPE\"],\"id\":9}");

        assertEquals(JsonId.of(7), assertInstanceOf(ServerMessage.Pong.class, messages.get(0)).id());
        assertEquals("bad_request", assertInstanceOf(ServerMessage.ErrorReply.class, messages.get(1)).code());
        ServerMessage.ErrorReply unknown = assertInstanceOf(ServerMessage.ErrorReply.class, messages.get(2));
        assertEquals("unknown_symbol", unknown.code());
        assertEquals(JsonId.of(9), unknown.id());
        assertEquals("unknown symbol: NOPE", unknown.message());
    }

    @Test
    void closedConnectionReleasesItsSession() {
        exchange("/stream", 1, "{\"op\":\"ping\"}");

        Integer remaining = Flux.interval(Duration.ofMillis(10))
                .map(i -> server.connections())
                .filter(n -> n == 0)
                .next()
                .block(TIMEOUT);
        assertEquals(0, remaining);
    }

    private String firstSymbol() {
        List<ServerMessage> messages = exchange("/stream", 1, "{\"op\":\"symbols\"}");
        return assertInstanceOf(ServerMessage.SymbolList.class, messages.get(0)).specs().get(0).symbol();
    }

    @Test
    void symbolsListsTheSimulatedSymbols() {
        List<ServerMessage> messages = exchange("/stream", 1, "{\"op\":\"symbols\",\"id\":3}");

        ServerMessage.SymbolList list = assertInstanceOf(ServerMessage.SymbolList.class, messages.get(0));
        assertEquals(JsonId.of(3), list.id());
        assertEquals(3, list.specs().size());
        assertTrue(list.specs().stream().allMatch(spec -> !spec.symbol().isEmpty()));
    }
}
