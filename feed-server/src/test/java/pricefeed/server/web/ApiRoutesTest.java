package pricefeed.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.json.PriceWriter;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.server.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiRoutesTest {

    private final WebFixture web = new WebFixture();

    @AfterEach
    void tearDown() {
        web.close();
    }

    private List<String> symbols() {
        List<String> symbols = new ArrayList<>();
        for (SymbolSpec spec : web.fanout.symbols()) {
            symbols.add(spec.symbol());
        }
        return symbols;
    }

    @Test
    void infoNamesTheStreamPortPathEpochAndTheLimitsAClientPlansAround() {
        WebFixture.Response r = web.get("/api/info");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals("{\"streamPort\":" + WebFixture.STREAM_PORT + ",\"streamPath\":\"/stream\",\"epoch\":\""
                + web.simulator.epoch() + "\",\"maxSymbolsPerConnection\":1000,\"heartbeatIntervalMs\":5000}", r.body());
    }

    @Test
    void infoReportsTheConfiguredLimitsNotTheDefaults() {
        try (WebFixture configured = new WebFixture(Optional.empty(), c -> c
                .with(Option.MAX_SYMBOLS_PER_CONNECTION, 3).with(Option.HEARTBEAT_INTERVAL, Duration.ofMillis(250)))) {
            String body = configured.get("/api/info").body();
            assertTrue(body.endsWith(",\"maxSymbolsPerConnection\":3,\"heartbeatIntervalMs\":250}"), body);
        }
    }

    @Test
    void symbolsListsEverySymbolInOrderWithItsOpenAtItsDecimals() {
        web.advance(Duration.ofSeconds(2)); // open stays the opening price however far the market moves
        WebFixture.Response r = web.get("/api/symbols");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        StringBuilder expected = new StringBuilder("[");
        for (SymbolSpec spec : web.fanout.symbols()) {
            Tick open = web.fanout.open(spec.symbol()).orElseThrow();
            assertEquals(0, open.seq());
            if (expected.length() > 1) {
                expected.append(',');
            }
            expected.append("{\"symbol\":\"").append(spec.symbol()).append("\",\"decimals\":").append(spec.decimals())
                    .append(",\"open\":").append(PriceWriter.toString(open.last(), spec.decimals())).append('}');
        }
        assertEquals(expected.append(']').toString(), r.body());
        assertEquals(5, r.json().size());
        // Every open has exactly its symbol's decimals in the raw text: 190.00 stays 190.00.
        Matcher m = Pattern.compile("\"decimals\":(\\d),\"open\":(\\d+)\\.(\\d+)").matcher(r.body());
        int found = 0;
        while (m.find()) {
            assertEquals(Integer.parseInt(m.group(1)), m.group(3).length(), r.body());
            found++;
        }
        assertEquals(5, found);
    }

    @Test
    void snapshotOfAllSymbolsIsTheStreamsSnapshotMessagesInFanoutOrder() {
        web.advance(Duration.ofSeconds(1));
        WebFixture.Response r = web.get("/api/snapshot");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        List<String> messages = new ArrayList<>();
        for (String symbol : symbols()) {
            Tick latest = web.fanout.latest(symbol).orElseThrow();
            assertTrue(latest.seq() > 0, "ticks were made");
            messages.add(ServerMessages.json(out -> ServerMessages.snapshot(latest, out)));
        }
        assertEquals("[" + String.join(",", messages) + "]", r.body());
        for (JsonNode m : r.json()) {
            assertEquals("snapshot", m.get("type").asText());
            assertEquals(List.of("type", "symbol", "seq", "ts", "bid", "ask", "last", "size", "volume"), WebFixture.fieldNames(m));
        }
    }

    @Test
    void snapshotOfNamedSymbolsKeepsTheRequestOrderAndSkipsDuplicates() {
        List<String> all = symbols();
        String query = all.get(2) + ", " + all.get(0) + "," + all.get(2) + ",";
        WebFixture.Response r = web.get("/api/snapshot?symbols=" + query.replace(" ", "%20"));
        assertEquals(200, r.status());
        assertEquals(2, r.json().size());
        assertEquals(all.get(2), r.json().get(0).get("symbol").asText());
        assertEquals(all.get(0), r.json().get(1).get("symbol").asText());
        assertEquals(0, r.json().get(0).get("seq").asLong(), "no tick yet: the initial state");
    }

    @Test
    void snapshotNamingUnknownSymbolsIs404NamingEachOfThem() {
        WebFixture.Response one = web.get("/api/snapshot?symbols=" + symbols().get(0) + ",FOO");
        assertEquals(404, one.status());
        assertEquals("application/json", one.header("Content-Type"));
        assertEquals("{\"error\":\"unknown_symbol\",\"message\":\"unknown symbol: FOO\"}", one.body());

        WebFixture.Response two = web.get("/api/snapshot?symbols=FOO&symbols=BAR");
        assertEquals(404, two.status());
        assertEquals("{\"error\":\"unknown_symbol\",\"message\":\"unknown symbols: FOO, BAR\"}", two.body());

        // "*" does not make a named unknown symbol known, as in a stream subscribe.
        WebFixture.Response star = web.get("/api/snapshot?symbols=*,FOO");
        assertEquals(404, star.status());
        assertEquals("{\"error\":\"unknown_symbol\",\"message\":\"unknown symbol: FOO\"}", star.body());

        // ';' separates nothing, as on the stream listener: a list joined with it is one unknown name, not a
        // first symbol and a second parameter that is silently ignored.
        WebFixture.Response semicolon = web.get("/api/snapshot?symbols=" + symbols().get(0) + ";" + symbols().get(1));
        assertEquals(404, semicolon.status());
        assertEquals("{\"error\":\"unknown_symbol\",\"message\":\"unknown symbol: " + symbols().get(0) + ";"
                + symbols().get(1) + "\"}", semicolon.body());

        // Only spaces and tabs are trimmed: a control character is part of the name, which no symbol has.
        WebFixture.Response nul = web.get("/api/snapshot?symbols=" + symbols().get(0) + "%00");
        assertEquals(404, nul.status());
        assertEquals("{\"error\":\"unknown_symbol\",\"message\":\"unknown symbol: " + symbols().get(0) + "\\u0000\"}",
                nul.body());
        WebFixture.Response tab = web.get("/api/snapshot?symbols=%09" + symbols().get(0) + "%20%09");
        assertEquals(200, tab.status());
        assertEquals(symbols().get(0), tab.json().get(0).get("symbol").asText());
    }

    @Test
    void healthzReportsUpWithItsFigures() {
        web.advance(Duration.ofSeconds(3));
        WebFixture.Response r = web.get("/healthz");
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        JsonNode h = r.json();
        assertEquals(List.of("status", "epoch", "symbols", "connections", "ticksPublished", "uptimeSeconds"),
                WebFixture.fieldNames(h));
        assertEquals("UP", h.get("status").asText());
        assertEquals(web.simulator.epoch(), h.get("epoch").asText());
        assertEquals(5, h.get("symbols").asInt());
        assertEquals(0, h.get("connections").asLong());
        assertEquals(web.fanout.ticksPublished(), h.get("ticksPublished").asLong());
        assertTrue(h.get("ticksPublished").asLong() > 300, "about 600 ticks in 3 s at 200/s");
        assertEquals(3, h.get("uptimeSeconds").asLong());
    }

    @Test
    void metricsIsPrometheusTextWithTheProtocolNames() {
        web.advance(Duration.ofSeconds(1));
        WebFixture.Response r = web.get("/metrics");
        assertEquals(200, r.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type"));
        for (String name : List.of("feed_connections_active", "feed_messages_sent_total",
                "feed_slow_consumer_disconnects_total", "feed_handshake_failures_total", "feed_ticks_published_total",
                "feed_sse_streams_active", "feed_sse_slow_consumer_disconnects_total")) {
            assertTrue(Pattern.compile("(?m)^" + name + "[{ ]").matcher(r.body()).find(), name);
        }
        Matcher ticks = Pattern.compile("(?m)^feed_ticks_published_total (\\S+)$").matcher(r.body());
        assertTrue(ticks.find());
        assertEquals(web.fanout.ticksPublished(), (long) Double.parseDouble(ticks.group(1)));
    }

    @Test
    void unknownPathsAre404Json() {
        for (String path : List.of("/nope", "/api", "/api/symbols/AAPL", "/api/simulator/symbols/", "/sse/x")) {
            WebFixture.Response r = web.get(path);
            assertEquals(404, r.status(), path);
            assertEquals("application/json", r.header("Content-Type"), path);
            assertEquals("{\"error\":\"not_found\",\"message\":\"no such resource: " + path + "\"}", r.body());
        }
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() {
        record Case(HttpMethod method, String path, String allow) { }
        for (Case c : List.of(new Case(HttpMethod.POST, "/api/symbols", "GET, HEAD"),
                new Case(HttpMethod.DELETE, "/healthz", "GET, HEAD"),
                new Case(HttpMethod.PUT, "/sse", "GET, HEAD"),
                new Case(HttpMethod.GET, "/api/simulator/pause", "POST"),
                new Case(HttpMethod.GET, "/api/simulator/symbols/AAPL", "DELETE, PATCH"),
                new Case(HttpMethod.POST, "/", "GET, HEAD"))) {
            WebFixture.Response r = web.request(c.method(), c.path(), null, Map.of());
            assertEquals(405, r.status(), c.toString());
            assertEquals(c.allow(), r.header("Allow"), c.toString());
            assertEquals(c.method() == HttpMethod.HEAD ? "" : "{\"error\":\"method_not_allowed\",\"message\":\"method "
                    + c.method().name() + " not allowed, use " + c.allow() + "\"}", r.body());
        }
    }

    @Test
    void headAnswersLikeGetWithoutTheBody() {
        for (String path : List.of("/healthz", "/metrics", "/api/symbols", "/api/snapshot?symbols=" + web.symbol(0), "/")) {
            WebFixture.Response get = web.get(path);
            WebFixture.Response head = web.request(HttpMethod.HEAD, path, null, Map.of());
            assertEquals(200, head.status(), path);
            assertEquals(headerNames(get), headerNames(head), path);
            assertEquals(get.header("Content-Type"), head.header("Content-Type"), path);
            if (!path.equals("/metrics")) { // its values, and so its length, move between the two requests
                assertEquals(get.header("Content-Length"), head.header("Content-Length"), path);
            }
            assertEquals("", head.body(), path);
        }
    }

    /** Every header but Date, which may tick between two requests. */
    private static Set<String> headerNames(WebFixture.Response r) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(r.headers().names());
        names.remove("Date");
        return names;
    }

    @Test
    void headOfTheEventStreamChecksLikeGetAndSendsItsHeadersOnly() {
        WebFixture.Response head = web.request(HttpMethod.HEAD, "/sse?symbols=" + web.symbol(0), null, Map.of());
        assertEquals(200, head.status());
        assertEquals("text/event-stream", head.header("Content-Type"));
        assertEquals("no-cache", head.header("Cache-Control"));
        assertEquals("", head.body(), "no stream: it would never end");
        assertEquals(0, web.fanout.subscriptions(), "nothing was subscribed");

        WebFixture.Response unknown = web.request(HttpMethod.HEAD, "/sse?symbols=FOO", null, Map.of());
        assertEquals(404, unknown.status());
        assertEquals("", unknown.body());
    }
}
