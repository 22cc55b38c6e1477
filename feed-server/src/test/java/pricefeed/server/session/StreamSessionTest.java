package pricefeed.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.market.Tick;
import pricefeed.server.metrics.MetricNames;
import pricefeed.core.ws.testing.RawFrames;
import pricefeed.server.testing.JsonWsClient;
import pricefeed.server.testing.RawClient;
import pricefeed.simulator.SimulatorConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /stream protocol of PROTOCOL.md section 4 over real sockets, with the JDK's WebSocket client. */
class StreamSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 16 KiB of outbound budget: far less than the snapshots or replays the tests below ask for. */
    private static final SessionSettings SMALL_BUDGET =
            new SessionSettings(1000, 50, 16 * 1024, Duration.ofSeconds(1), Duration.ofSeconds(5));

    private StreamFixture server;
    private final List<JsonWsClient> clients = new ArrayList<>();

    private void start(SessionSettings settings) {
        server = new StreamFixture(SimulatorConfig.defaults().withSymbols(5).withTickRate(1000).withSeed(7), settings);
    }

    private JsonWsClient client(String pathAndQuery) {
        JsonWsClient c = JsonWsClient.connect(server.uri(pathAndQuery));
        clients.add(c);
        return c;
    }

    @AfterEach
    void tearDown() {
        clients.forEach(JsonWsClient::close);
        if (server != null) {
            server.close();
        }
    }

    @Test
    void subscribeIsRepliedThenEachSymbolSnapshotsThenTicksFollowWithoutGaps() {
        start(SessionSettings.DEFAULTS);
        JsonWsClient c = client("/stream");
        c.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"id\":1}");
        JsonNode reply = c.nextData(WAIT);
        assertEquals("subscribed", reply.path("type").asText());
        assertEquals(1, reply.path("id").asInt());
        assertEquals("[\"AAPL\",\"MSFT\"]", reply.path("symbols").toString());
        assertEquals(server.fanout.epoch(), reply.path("epoch").asText());

        Map<String, Long> last = new HashMap<>();
        int ticks = 0;
        while (ticks < 200) {
            JsonNode m = c.nextData(WAIT);
            String symbol = m.path("symbol").asText();
            long seq = m.path("seq").asLong();
            if ("snapshot".equals(m.path("type").asText())) {
                assertFalse(last.containsKey(symbol), "one snapshot per symbol, before its ticks");
            } else {
                assertEquals("tick", m.path("type").asText());
                assertTrue(last.containsKey(symbol), "snapshot first");
                assertEquals(last.get(symbol) + 1, seq, symbol + " seq");
                ticks++;
            }
            last.put(symbol, seq);
        }
        assertEquals(Map.of("AAPL", true, "MSFT", true),
                Map.of("AAPL", last.containsKey("AAPL"), "MSFT", last.containsKey("MSFT")));
    }

    @Test
    void symbolsInTheQuerySubscribeAtOnceWithAReplyWithoutId() {
        start(SessionSettings.DEFAULTS);
        JsonWsClient c = client("/stream?symbols=NVDA");
        JsonNode reply = c.nextData(WAIT);
        assertEquals("subscribed", reply.path("type").asText());
        assertTrue(reply.path("id").isMissingNode(), "no id: " + reply);
        assertEquals("[\"NVDA\"]", reply.path("symbols").toString());
        JsonNode snapshot = c.nextData(WAIT);
        assertEquals("snapshot", snapshot.path("type").asText());
        assertEquals("NVDA", snapshot.path("symbol").asText());
    }

    /** PROTOCOL-EXTENSIONS.md: {@code from} says where the named symbols resume; other keys, unknown ones too, are ignored. */
    @Test
    void fromEntriesForSymbolsNotSubscribedAreIgnored() {
        start(SessionSettings.DEFAULTS);
        JsonWsClient c = client("/stream");
        c.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"from\":{\"MSFT\":1,\"FOO\":1},\"id\":1}");
        JsonNode reply = c.nextData(WAIT);
        assertEquals("subscribed [\"AAPL\"]", reply.path("type").asText() + " " + reply.path("symbols"));
        assertEquals("snapshot AAPL", typeAndSymbol(c.nextData(WAIT)));
        for (int i = 0; i < 20; i++) {
            assertEquals("tick AAPL", typeAndSymbol(c.nextData(WAIT)));
        }
    }

    private static String typeAndSymbol(JsonNode message) {
        return message.path("type").asText() + " " + message.path("symbol").asText();
    }

    @Test
    void aRepeatedSymbolsParameterSubscribesEveryValue() {
        start(SessionSettings.DEFAULTS);
        JsonWsClient c = client("/stream?symbols=NVDA&symbols=AAPL,MSFT");
        assertEquals("[\"NVDA\",\"AAPL\",\"MSFT\"]", c.nextData(WAIT).path("symbols").toString());
    }

    @Test
    void badInputGetsAnErrorReplyAndTheConnectionStaysOpen() {
        start(SessionSettings.DEFAULTS);
        JsonWsClient c = client("/stream");
        c.send("not json");
        assertEquals("bad_request", c.nextData(WAIT).path("code").asText());
        c.send("{\"op\":\"fly\",\"id\":\"x\"}");
        JsonNode unknownOp = c.nextData(WAIT);
        assertEquals("bad_request", unknownOp.path("code").asText());
        assertEquals("x", unknownOp.path("id").asText());
        c.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"FOO\"],\"id\":9}");
        JsonNode unknown = c.nextData(WAIT);
        assertEquals("error", unknown.path("type").asText());
        assertEquals("unknown_symbol", unknown.path("code").asText());
        assertEquals(9, unknown.path("id").asInt());
        assertEquals("unknown symbol: FOO", unknown.path("message").asText());
        c.send("{\"op\":\"ping\",\"id\":4}");
        JsonNode pong = c.nextData(WAIT);
        assertEquals("pong", pong.path("type").asText(), "nothing was subscribed by the refused subscribe");
        assertEquals(4, pong.path("id").asInt());
        assertTrue(pong.path("ts").asLong() > 1_700_000_000_000_000L, "ts in microseconds");
    }

    @Test
    void requestsBeforeABadFrameAreAnsweredBeforeTheCloseFrame() throws Exception {
        start(SessionSettings.DEFAULTS);
        assertRequestsBeforeABadFrameAreAnswered();
    }

    @Test
    void requestsBeforeABadFrameAreAnsweredBeforeTheCloseFrameDespiteAWriteDelay() throws Exception {
        SessionSettings d = SessionSettings.DEFAULTS;
        // The queue would drain 200 ms after the replies; the close frame must not go out first.
        start(new SessionSettings(d.maxSymbols(), d.maxInboundRate(), d.outboundBudget(), d.maxLag(),
                d.heartbeatInterval(), Duration.ofMillis(200)));
        assertRequestsBeforeABadFrameAreAnswered();
    }

    private void assertRequestsBeforeABadFrameAreAnswered() throws Exception {
        try (RawClient raw = RawClient.upgraded(server.listener.port(), "/stream")) {
            // One write, so one read on the server: two requests, then a frame with a reserved opcode.
            raw.send(RawFrames.concat(
                    RawFrames.frame(0x1).mask(0x01020304).payload("{\"op\":\"ping\",\"id\":1}".getBytes(UTF_8)).bytes(),
                    RawFrames.frame(0x1).mask(0x05060708).payload("{\"op\":\"symbols\",\"id\":2}".getBytes(UTF_8)).bytes(),
                    RawFrames.frame(0x3).mask(0x090a0b0c).bytes()));

            JsonNode pong = JSON.readTree(payloadOf(raw.readFrame()));
            assertEquals("pong", pong.path("type").asText());
            assertEquals(1, pong.path("id").asInt());
            JsonNode symbols = JSON.readTree(payloadOf(raw.readFrame()));
            assertEquals("symbols", symbols.path("type").asText());
            assertEquals(2, symbols.path("id").asInt());
            byte[] close = raw.readFrame();
            assertEquals((byte) 0x88, close[0], "then the close frame");
            assertEquals(1002, ((close[2] & 0xFF) << 8) | (close[3] & 0xFF));
            raw.expectEof();
        }
    }

    /** @return the payload of an unmasked server frame of less than 64 KiB */
    private static byte[] payloadOf(byte[] frame) {
        int offset = (frame[1] & 0x7F) == 126 ? 4 : 2;
        return java.util.Arrays.copyOfRange(frame, offset, frame.length);
    }

    @Test
    void symbolsListsEverySymbolWithItsDecimals() {
        start(SessionSettings.DEFAULTS);
        JsonWsClient c = client("/stream");
        c.send("{\"op\":\"symbols\",\"id\":3}");
        JsonNode list = c.nextData(WAIT);
        assertEquals("symbols", list.path("type").asText());
        assertEquals(3, list.path("id").asInt());
        assertEquals(5, list.path("symbols").size());
        assertEquals("{\"symbol\":\"AAPL\",\"decimals\":2}", list.path("symbols").get(0).toString());
    }

    @Test
    void unsubscribeStopsTheSymbol() {
        start(SessionSettings.DEFAULTS);
        JsonWsClient c = client("/stream");
        c.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"]}");
        c.nextOfType("subscribed", WAIT);
        c.send("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"],\"id\":2}");
        JsonNode reply = c.nextOfType("unsubscribed", WAIT);
        assertEquals(2, reply.path("id").asInt());
        assertEquals("[\"AAPL\"]", reply.path("symbols").toString());
        int msft = 0;
        while (msft < 30) {
            JsonNode m = c.nextData(WAIT);
            assertEquals("MSFT", m.path("symbol").asText(), "nothing of AAPL after its unsubscribed reply");
            msft++;
        }
    }

    @Test
    void aQuietConnectionGetsHeartbeats() {
        start(new SessionSettings(1000, 50, 1 << 20, Duration.ofSeconds(2), Duration.ofMillis(200)));
        JsonWsClient c = client("/stream");
        JsonNode hb = c.next(WAIT);
        assertEquals("heartbeat", hb.path("type").asText());
        assertTrue(hb.path("ts").asLong() > 1_700_000_000_000_000L);
    }

    @Test
    void resumeAfterReconnectReplaysFromTheHistoryWithNoGapAndNoDuplicate() {
        start(SessionSettings.DEFAULTS);
        JsonWsClient first = client("/stream?symbols=AMZN");
        String epoch = first.nextOfType("subscribed", WAIT).path("epoch").asText();
        long lastSeq = first.nextOfType("snapshot", WAIT).path("seq").asLong();
        for (int i = 0; i < 20; i++) {
            lastSeq = first.nextOfType("tick", WAIT).path("seq").asLong();
        }
        first.close();

        JsonWsClient second = client("/stream");
        second.send("{\"op\":\"subscribe\",\"symbols\":[\"AMZN\"],\"from\":{\"AMZN\":" + lastSeq + "},\"epoch\":\"" + epoch + "\"}");
        assertEquals(epoch, second.nextData(WAIT).path("epoch").asText());
        long expected = lastSeq + 1;
        for (int i = 0; i < 50; i++) {
            JsonNode m = second.nextData(WAIT);
            assertEquals("tick", m.path("type").asText(), "a replay, no snapshot");
            assertEquals(expected++, m.path("seq").asLong());
        }
    }

    @Test
    void snapshotsOfFarMoreSymbolsThanTheOutboundBudgetHoldsReachAFastClient() {
        // 1000 snapshots are about 190 KB; the budget is 16 KiB.
        server = new StreamFixture(SimulatorConfig.defaults().withSymbols(1000).withTickRate(100).withSeed(7),
                SMALL_BUDGET);
        JsonWsClient c = client("/stream");
        c.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"id\":1}");
        assertEquals("subscribed", c.nextData(WAIT).path("type").asText());
        Map<String, Long> snapshots = new HashMap<>();
        while (snapshots.size() < 1000) {
            JsonNode m = c.nextData(WAIT);
            String symbol = m.path("symbol").asText();
            if (m.path("type").asText().equals("snapshot")) {
                assertEquals(null, snapshots.put(symbol, m.path("seq").asLong()), "one snapshot per symbol");
            } else {
                assertEquals(snapshots.get(symbol) + 1, m.path("seq").asLong(), symbol + ": a tick follows its snapshot");
                snapshots.put(symbol, m.path("seq").asLong());
            }
        }
        assertFalse(c.closed().isDone(), "not dropped as a slow consumer");
        assertEquals(0, slowConsumerDrops());
    }

    @Test
    void aSymbolsReplyLargerThanTheWholeOutboundBudgetReachesTheClient() {
        // 1000 symbols are about 30 KB in one reply; the budget is 16 KiB. Before, the reply tripped the budget
        // on a connection with nothing queued, and the client was dropped as a slow consumer instead.
        server = new StreamFixture(SimulatorConfig.defaults().withSymbols(1000).withTickRate(100).withSeed(7),
                SMALL_BUDGET);
        JsonWsClient c = client("/stream");
        c.send("{\"op\":\"symbols\",\"id\":1}");
        JsonNode list = c.nextData(WAIT);
        assertEquals("symbols", list.path("type").asText());
        assertEquals(1000, list.path("symbols").size());
        c.send("{\"op\":\"symbols\",\"id\":2}");
        assertEquals(2, c.nextData(WAIT).path("id").asInt(), "and again once the first is out");
        assertFalse(c.closed().isDone(), "not dropped as a slow consumer");
        assertEquals(0, slowConsumerDrops());
    }

    @Test
    void aResumeFarLargerThanTheOutboundBudgetReachesAFastClientWhole() throws Exception {
        // 16 KiB of budget; the replay below is about 150 ticks of each of 5 symbols, some 130 KB.
        start(SMALL_BUDGET);
        int symbols = server.fanout.symbols().size();
        // Every symbol has ticked past 200: its history holds what the resume below asks for.
        server.simulator.ticks().filter(t -> t.seq() >= 200).map(Tick::symbol).distinct().take(symbols).blockLast(WAIT);
        // Live ticks go on during the replay, but slower: at 1,000 a second, a pause of the test's own JVM
        // (GC, a loaded CI machine) could fill 16 KiB of live ticks and drop the client for what it is not.
        server.simulator.control().setTickRate(100);
        Map<String, Long> from = new HashMap<>();
        for (var spec : server.fanout.symbols()) {
            from.put(spec.symbol(), server.fanout.latest(spec.symbol()).orElseThrow().seq() - 150);
        }
        JsonWsClient c = client("/stream");
        c.send(JSON.writeValueAsString(Map.of("op", "subscribe", "symbols", List.of("*"), "from", from,
                "epoch", server.fanout.epoch())));
        assertEquals("subscribed", c.nextData(WAIT).path("type").asText());
        Map<String, Long> next = new HashMap<>();
        from.forEach((symbol, seq) -> next.put(symbol, seq + 1));
        Map<String, Long> goal = new HashMap<>();
        from.forEach((symbol, seq) -> goal.put(symbol, seq + 170)); // past the replay, into live ticks
        while (!goal.isEmpty()) {
            JsonNode m = c.nextData(WAIT);
            assertEquals("tick", m.path("type").asText(), "a replay, no snapshot: " + m);
            String symbol = m.path("symbol").asText();
            long expected = next.get(symbol);
            assertEquals(expected, m.path("seq").asLong(), symbol + ": no gap, no duplicate");
            next.put(symbol, expected + 1);
            if (goal.containsKey(symbol) && expected >= goal.get(symbol)) {
                goal.remove(symbol);
            }
        }
        assertFalse(c.closed().isDone(), "not dropped as a slow consumer");
        assertEquals(0, slowConsumerDrops());
    }

    private double slowConsumerDrops() {
        return server.metrics.registry().find(MetricNames.SLOW_CONSUMER_DISCONNECTS).functionCounter().count();
    }

    @Test
    void tooManySymbolsIsLimitExceeded() {
        start(new SessionSettings(2, 50, 1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(5)));
        JsonWsClient c = client("/stream");
        c.send("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\",\"NVDA\"],\"id\":1}");
        JsonNode error = c.nextData(WAIT);
        assertEquals("limit_exceeded", error.path("code").asText());
        assertEquals(1, error.path("id").asInt());
    }

    @Test
    void messagesBeyondTheInboundRateAreRefused() {
        start(new SessionSettings(1000, 5, 1 << 20, Duration.ofSeconds(2), Duration.ofSeconds(5)));
        JsonWsClient c = client("/stream");
        for (int i = 0; i < 20; i++) {
            c.send("{\"op\":\"ping\",\"id\":" + i + "}");
        }
        int pongs = 0;
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            JsonNode m = c.nextData(WAIT);
            assertEquals(i, m.path("id").asInt(), "every reply, a refusal too, echoes its message's id: " + m);
            if ("pong".equals(m.path("type").asText())) {
                pongs++;
            } else if ("limit_exceeded".equals(m.path("code").asText())) {
                limited++;
            }
        }
        assertTrue(pongs >= 5 && pongs <= 7, "a burst of about the rate is served: " + pongs);
        assertEquals(20 - pongs, limited);
    }
}
