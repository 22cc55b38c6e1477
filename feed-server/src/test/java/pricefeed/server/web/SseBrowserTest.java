package pricefeed.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pricefeed.server.FeedServer;
import pricefeed.server.Option;
import pricefeed.server.ServerConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /sse} read by a browser's own {@code EventSource}, a client we did not write (WEB-API.md): it parses
 * the events, and when its connection drops (cut by a proxy in between, as a network would) it reconnects
 * after the stream's {@code retry: 1000} with {@code Last-Event-ID}, and the server resumes the symbol after
 * that id: one snapshot in all, then every seq once, in order, across the drop.
 */
class SseBrowserTest {

    private static final String SYMBOL = "AAPL";
    /** Events awaited before the cut, and again after the reconnect. */
    private static final int EVENTS = 20;
    /** Chromium waits 3 s by default; the stream's `retry: 1000` asks for 1 s. The rest is slack for a busy host. */
    private static final long RECONNECT_WITHIN_MS = 2500;
    private static final String LISTEN = """
            window.__sse = { events: [], opens: [], errors: [] };
            const source = new EventSource(arguments[0]);
            source.onopen = () => window.__sse.opens.push(Date.now());
            source.onerror = () => window.__sse.errors.push(Date.now());
            for (const type of ['snapshot', 'tick']) {
              source.addEventListener(type, (e) => window.__sse.events.push({ type, id: e.lastEventId, data: e.data }));
            }
            """;

    private final ObjectMapper json = new ObjectMapper();
    private FeedServer server;
    private CuttingProxy proxy;
    private HeadlessChromium browser;
    private DashboardPage page;

    @BeforeEach
    void start() throws IOException {
        HeadlessChromium.assumeInstalled();
        server = FeedServer.start(ServerConfig.DEFAULTS.with(Option.STREAM_PORT, 0).with(Option.HTTP_PORT, 0)
                .with(Option.SYMBOLS, 10).with(Option.TICK_RATE, 400.0));
        proxy = CuttingProxy.start(server.httpPort());
        browser = HeadlessChromium.start();
        page = new DashboardPage(browser.driver());
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void anEventSourceCutOffResumesAfterItsLastEventIdWithEverySeqOnce() throws IOException {
        // Any page of the web listener's origin will do: EventSource is same-origin here.
        browser.driver().get("http://127.0.0.1:" + proxy.port() + "/api/info");
        page.js(LISTEN, "/sse?symbols=" + SYMBOL);
        page.await("an open EventSource with " + EVENTS + " events", d -> count("opens") == 1 && count("events") >= EVENTS);

        proxy.cutAll();
        long atCut = count("events");
        page.await(() -> "the EventSource open again (opens " + count("opens") + ", errors " + count("errors") + ")",
                d -> count("opens") == 2);
        page.await("another " + EVENTS + " events after the reconnect", d -> count("events") >= atCut + EVENTS);

        List<?> errors = (List<?>) page.js("return window.__sse.errors;");
        List<?> opens = (List<?>) page.js("return window.__sse.opens;");
        assertEquals(1, errors.size(), "errors seen by the EventSource");
        long reconnectMs = ((Number) opens.get(1)).longValue() - ((Number) errors.get(0)).longValue();
        assertTrue(reconnectMs < RECONNECT_WITHIN_MS, "reconnected " + reconnectMs + " ms after the drop");

        String epoch = json.readTree(get("/api/info")).get("epoch").asText();
        List<Long> seqs = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Object o : (List<?>) page.js("return window.__sse.events;")) {
            Map<?, ?> event = (Map<?, ?>) o;
            JsonNode data = json.readTree((String) event.get("data"));
            long seq = data.get("seq").asLong();
            assertEquals(event.get("type"), data.get("type").asText(), "event name and message type: " + event);
            assertEquals(SYMBOL, data.get("symbol").asText(), "symbol: " + event);
            assertEquals(epoch + ":" + SYMBOL + ":" + seq, event.get("id"), "id of " + event);
            seqs.add(seq);
            types.add((String) event.get("type"));
        }
        assertEquals("snapshot", types.get(0), "first event");
        assertEquals(1, types.stream().filter("snapshot"::equals).count(),
                "snapshots: the resume after Last-Event-ID replays ticks instead; types " + types);
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "seq after " + seqs.get(i - 1) + " (event " + i + " of "
                    + seqs.size() + ", the drop after event " + atCut + ")");
        }
    }

    private String get(String path) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private long count(String list) {
        return page.number("window.__sse." + list + ".length");
    }
}
