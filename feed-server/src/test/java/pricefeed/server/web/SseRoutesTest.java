package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.market.Tick;
import pricefeed.server.Option;
import pricefeed.server.testing.RawClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseRoutesTest {

    private final WebFixture web = new WebFixture();
    private final List<SseRecorder> recorders = new ArrayList<>();

    @AfterEach
    void tearDown() {
        recorders.forEach(SseRecorder::close);
        web.close();
    }

    private SseRecorder open(String uri) {
        return open(uri, Map.of());
    }

    private SseRecorder open(String uri, Map<String, String> headers) {
        SseRecorder recorder = new SseRecorder(web.client, uri, headers);
        recorders.add(recorder);
        return recorder;
    }

    private long latestSeq(String symbol) {
        return web.fanout.latest(symbol).orElseThrow().seq();
    }

    private String id(String symbol, long seq) {
        return id(web, symbol, seq);
    }

    private static String id(WebFixture fixture, String symbol, long seq) {
        return fixture.fanout.epoch() + ":" + symbol + ":" + seq;
    }

    private static void assertRetry(SseRecorder.Event e) {
        assertEquals(new SseRecorder.Event(null, null, null, null, "1000"), e);
    }

    /** Reads tick events of one symbol and checks each is the next seq; returns the last seq read. */
    private long assertTicks(SseRecorder sse, String symbol, long afterSeq, long untilSeq) throws InterruptedException {
        return assertTicks(web, sse, symbol, afterSeq, untilSeq);
    }

    private static long assertTicks(WebFixture fixture, SseRecorder sse, String symbol, long afterSeq, long untilSeq)
            throws InterruptedException {
        long seq = afterSeq;
        while (seq < untilSeq) {
            SseRecorder.Event e = sse.nextData();
            seq++;
            assertEquals("tick", e.event());
            assertEquals(id(fixture, symbol, seq), e.id());
            assertEquals("tick", e.json().get("type").asText());
            assertEquals(symbol, e.symbol());
            assertEquals(seq, e.seq(), "contiguous seqs");
        }
        return seq;
    }

    @Test
    void retryThenSnapshotThenEveryTickWithContiguousSeqs() throws InterruptedException {
        String s = web.symbol(0);
        SseRecorder sse = open("/sse?symbols=" + s);
        assertEquals(200, sse.status());
        assertEquals("text/event-stream", sse.headers().get("Content-Type"));
        assertEquals("no-cache", sse.headers().get("Cache-Control"));
        assertRetry(sse.next());

        SseRecorder.Event snapshot = sse.next();
        assertEquals("snapshot", snapshot.event());
        assertEquals(id(s, 0), snapshot.id());
        Tick initial = web.fanout.latest(s).orElseThrow();
        assertEquals(ServerMessages.json(out -> ServerMessages.snapshot(initial, out)), snapshot.data());

        web.advance(Duration.ofSeconds(2));
        long latest = latestSeq(s);
        assertTrue(latest > 20, "about 80 ticks in 2 s: " + latest);
        assertTicks(sse, s, 0, latest);
        assertTrue(sse.drained(), "only the subscribed symbol");
    }

    @Test
    void withoutSymbolsEverySymbolStartsWithASnapshot() throws InterruptedException {
        web.advance(Duration.ofMillis(500));
        SseRecorder sse = open("/sse");
        assertRetry(sse.next());
        for (int i = 0; i < 5; i++) {
            SseRecorder.Event e = sse.next();
            assertEquals("snapshot", e.event());
            assertEquals(web.symbol(i), e.symbol());
            assertEquals(id(web.symbol(i), latestSeq(web.symbol(i))), e.id());
        }
    }

    @Test
    void lastEventIdResumesAfterItsSeqWithNoGapAndNoDuplicate() throws InterruptedException {
        String s = web.symbol(1);
        String other = web.symbol(3);
        SseRecorder first = open("/sse?symbols=" + s + "," + other);
        assertRetry(first.next());
        assertEquals("snapshot", first.next().event());
        assertEquals("snapshot", first.next().event());
        web.advance(Duration.ofSeconds(1));
        SseRecorder.Event last = first.nextData();
        while (!s.equals(last.symbol())) {
            last = first.nextData();
        }
        first.close();

        web.advance(Duration.ofSeconds(1)); // ticks the client misses while away
        long latest = latestSeq(s);
        assertTrue(latest > last.seq() + 10, "the symbol moved on while the client was away");

        SseRecorder resumed = open("/sse?symbols=" + s + "," + other, Map.of("Last-Event-ID", last.id()));
        assertRetry(resumed.next());
        assertTicks(resumed, s, last.seq(), latest); // replayed from history, from last.seq() + 1
        SseRecorder.Event snapshot = resumed.next();
        assertEquals("snapshot", snapshot.event(), "the other symbol starts over");
        assertEquals(other, snapshot.symbol());
        assertEquals(latestSeq(other), snapshot.seq());
        web.advance(Duration.ofMillis(500));
        SseRecorder.Event live = resumed.nextData();
        while (!s.equals(live.symbol())) {
            live = resumed.nextData();
        }
        assertEquals(latest + 1, live.seq(), "then live, no gap");
    }

    @Test
    void lastEventIdOfAnotherEpochOrSymbolGivesSnapshots() throws InterruptedException {
        String s = web.symbol(0);
        web.advance(Duration.ofSeconds(1));
        SseRecorder wrongEpoch = open("/sse?symbols=" + s, Map.of("Last-Event-ID", "00000000:" + s + ":3"));
        assertRetry(wrongEpoch.next());
        SseRecorder.Event e = wrongEpoch.next();
        assertEquals("snapshot", e.event());
        assertEquals(id(s, latestSeq(s)), e.id());

        SseRecorder otherSymbol = open("/sse?symbols=" + s, Map.of("Last-Event-ID", id(web.symbol(1), 3)));
        assertRetry(otherSymbol.next());
        assertEquals("snapshot", otherSymbol.next().event());

        SseRecorder garbage = open("/sse?symbols=" + s, Map.of("Last-Event-ID", "nonsense"));
        assertRetry(garbage.next());
        assertEquals("snapshot", garbage.next().event());
    }

    @Test
    void lastEventIdMayComeAsAQueryParameter() throws InterruptedException {
        String s = web.symbol(2);
        web.advance(Duration.ofSeconds(1));
        long from = latestSeq(s) - 5;
        SseRecorder sse = open("/sse?symbols=" + s + "&lastEventId=" + id(s, from));
        assertRetry(sse.next());
        assertTicks(sse, s, from, latestSeq(s));
    }

    @Test
    void throttledStreamsGetAtMostOneTickPerIntervalAndTheNewestLast() throws InterruptedException {
        String s = web.symbol(0);
        SseRecorder sse = open("/sse?symbols=" + s + "&throttleMs=250");
        assertRetry(sse.next());
        assertEquals("snapshot", sse.next().event());
        web.advance(Duration.ofSeconds(1));
        web.simulator.control().pause();
        web.advance(Duration.ofMillis(300)); // the last interval's pending tick goes out
        long latest = latestSeq(s);
        assertTrue(latest > 20, "many ticks were made: " + latest);
        List<Long> seqs = new ArrayList<>();
        long seq = 0;
        while (seq < latest) {
            SseRecorder.Event e = sse.nextData();
            assertEquals("tick", e.event());
            assertTrue(e.seq() > seq, "increasing");
            seq = e.seq();
            seqs.add(seq);
        }
        assertEquals(latest, seq, "the newest tick arrives by the end of its interval");
        assertTrue(seqs.size() <= 5, "at most one per 250 ms over 1.3 s: " + seqs);
    }

    @Test
    void aHeartbeatCommentFollowsFifteenSecondsOfQuiet() throws InterruptedException {
        String s = web.symbol(0);
        web.simulator.control().pause();
        SseRecorder sse = open("/sse?symbols=" + s);
        assertRetry(sse.next());
        assertEquals("snapshot", sse.next().event());

        web.advance(Duration.ofSeconds(14));
        web.simulator.control().shock(s, 0.01); // a tick: resets the quiet time
        assertEquals("tick", sse.next().event(), "no heartbeat within 14 s");
        web.advance(Duration.ofSeconds(14));
        web.simulator.control().shock(s, 0.01);
        assertEquals("tick", sse.next().event(), "quiet counts from the last event, not the last heartbeat");
        web.advance(Duration.ofSeconds(15));
        assertEquals(new SseRecorder.Event(null, null, null, "hb", null), sse.next());
        web.advance(Duration.ofSeconds(15));
        assertEquals("hb", sse.next().comment());
    }

    @Test
    void unknownSymbolsAre404AndNoStreamStarts() throws InterruptedException {
        WebFixture.Response r = web.get("/sse?symbols=" + web.symbol(0) + ",FOO,BAR");
        assertEquals(404, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"error\":\"unknown_symbol\",\"message\":\"unknown symbols: FOO, BAR\"}", r.body());
        assertEquals(0, web.listener.sseStreams());
    }

    @Test
    void aBadThrottleIs400NamingIt() {
        // "" was taken for no throttle and "-0" for 0; the value must be digits (a black-box run).
        for (String value : List.of("5", "60001", "-1", "abc", "1.5", "", "-0", "010x")) {
            WebFixture.Response r = web.get("/sse?throttleMs=" + value);
            assertEquals(400, r.status(), value);
            assertEquals("{\"error\":\"bad_request\",\"field\":\"throttleMs\",\"message\":\"throttleMs must be 0 or"
                    + " 10..60000: " + value + "\"}", r.body());
        }
    }

    /** Which of two would count is anybody's guess, so neither does: 400, in either order. */
    @Test
    void aThrottleGivenTwiceIs400() {
        for (String query : List.of("throttleMs=10&throttleMs=9", "throttleMs=9&throttleMs=10",
                "throttleMs=250&throttleMs=250")) {
            WebFixture.Response r = web.get("/sse?" + query);
            assertEquals(400, r.status(), query);
            assertEquals("{\"error\":\"bad_request\",\"field\":\"throttleMs\",\"message\":\"throttleMs must be"
                    + " given once\"}", r.body());
        }
    }

    @Test
    void aResumeLargerThanTheBudgetReachesAClientThatReadsWhole() throws InterruptedException {
        try (WebFixture small = new WebFixture(Optional.empty(), c -> c.with(Option.OUTBOUND_BUDGET, 16 * 1024))) {
            small.advance(Duration.ofSeconds(5)); // about 200 ticks of each symbol
            String s = small.symbol(0);
            long latest = small.fanout.latest(s).orElseThrow().seq();
            long from = latest - 150; // some 40 KB of events: more than twice the budget
            SseRecorder sse = new SseRecorder(small.client, "/sse?symbols=" + s,
                    Map.of("Last-Event-ID", id(small, s, from)));
            try {
                assertRetry(sse.next());
                assertTicks(small, sse, s, from, latest); // a replay, no snapshot
                small.advance(Duration.ofSeconds(1));
                assertEquals(latest + 1, sse.nextData().seq(), "then live");
                assertEquals(1, small.listener.sseStreams(), "not dropped as a slow consumer");
            } finally {
                sse.close();
            }
        }
    }

    @Test
    void tooManySymbolsForOneStreamIsRefused() {
        try (WebFixture small = new WebFixture(Optional.empty(), c -> c.with(Option.MAX_SYMBOLS_PER_CONNECTION, 3))) {
            WebFixture.Response r = small.get("/sse");
            assertEquals(409, r.status());
            assertEquals("{\"error\":\"limit_exceeded\",\"field\":\"symbols\",\"message\":\"a stream may hold at"
                    + " most 3 symbols\"}", r.body());
        }
    }

    @Test
    void aClientThatGoesAwayIsUnsubscribed() throws InterruptedException {
        SseRecorder sse = open("/sse?symbols=" + web.symbol(0));
        assertRetry(sse.next());
        sse.next();
        assertEquals(1, web.listener.sseStreams());
        sse.close();
        WebFixture.await(() -> web.listener.sseStreams() == 0, "the stream to end");
        web.advance(Duration.ofSeconds(1)); // ticks for a gone client are refused and released
        assertEquals(0.0, web.metrics.registry().get(SseRoutes.STREAMS_ACTIVE).gauge().value());
    }

    @Test
    void shutdownEndsEveryStream() throws InterruptedException {
        SseRecorder sse = open("/sse");
        assertRetry(sse.next());
        web.listener.shutdown(Duration.ofSeconds(2)).block(WebFixture.TIMEOUT);
        assertTrue(sse.awaitEnd(WebFixture.TIMEOUT), "the response ended");
        assertEquals(0, web.listener.sseStreams());
        SseRecorder.Event e = sse.next();
        assertNull(e.retry());
        assertFalse(e.event() == null && e.comment() == null, "queued snapshots were still sent");
    }

    // RFC 9112 §6.1: no Transfer-Encoding to a request that does not indicate HTTP/1.1. An HTTP/1.0 client
    // got a chunked stream, and read the chunk sizes as part of its events.
    @Test
    void anHttp10StreamIsNotChunkedAndEndsWithTheConnection() throws Exception {
        String s = web.symbol(0);
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /sse?symbols=" + s + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            String head = raw.readHead().toLowerCase(Locale.ROOT);
            assertTrue(head.startsWith("http/1.1 200 ok\r\n"), head);
            assertFalse(head.contains("transfer-encoding"), head);
            assertTrue(head.contains("\r\nconnection: close\r\n"), head);
            String start = "retry: 1000\n\nevent: snapshot\nid: " + id(s, latestSeq(s)) + "\ndata: {";
            assertEquals(start, new String(raw.read(start.length()), StandardCharsets.UTF_8),
                    "the raw events, no chunk-size line");
            web.listener.shutdown(Duration.ofSeconds(2)).block(WebFixture.TIMEOUT);
            String rest = new String(raw.readToEnd(), StandardCharsets.UTF_8);
            assertTrue(rest.endsWith("}\n\n"), "the last event, then the close ends the stream: " + rest);
        }
    }

    @Test
    void anHttp10HeadGetsTheStreamsHeadWithoutTransferEncoding() throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("HEAD /sse?symbols=" + web.symbol(0) + " HTTP/1.0\r\n\r\n");
            String head = raw.readHead().toLowerCase(Locale.ROOT);
            assertTrue(head.contains(" 200 ok\r\n") && head.contains("content-type: text/event-stream\r\n"), head);
            assertFalse(head.contains("transfer-encoding"), head);
            raw.expectEof();
        }
    }
}
