package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.logging.LogEntry;
import pricefeed.server.FeedServer;
import pricefeed.server.Option;
import pricefeed.server.ServerConfig;
import pricefeed.server.testing.MetricsScrape;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (headless Chromium) against a real {@link FeedServer}: prices move, the
 * chart follows a clicked symbol without gaps, a restart of the stream listener is survived by resuming
 * with {@code from}/{@code epoch}, an operator shock shows in the table, and a reload connects again.
 * Skipped where Chromium or chromedriver is not installed. The first test leaves a screenshot in
 * {@code target/dashboard.png}; with {@code -Dpricefeed.updateScreenshot=true} it writes the README's
 * {@code docs/dashboard.png} instead (a plain test run leaves the working tree as it was).
 */
class DashboardBrowserTest {

    private static final int SYMBOLS = 10;
    private static final double TICK_RATE = 200.0;
    /** Charted after the first symbol (which the page charts by itself); the most volatile of the ten. */
    private static final String CHARTED = "NVDA";
    private static final String SHOCKED = "AAPL";
    private static final double SHOCK_PERCENT = -20;
    /** How far (as a fraction) the shocked price may have drifted back up by the time the table shows it. */
    private static final double SHOCK_SLACK = 0.05;
    /** Ticks of the charted symbol awaited on the new socket after a resume. */
    private static final int RESUMED_TICKS = 3;
    /** {@code window.pricefeed.chartMode} once every tick of the charted symbol is checked against the last. */
    private static final String STRICT = "strict";
    /** A market larger than {@link #CONNECTION_LIMIT}, the server's symbols per connection. */
    private static final int LARGE_MARKET = 30;
    private static final int CONNECTION_LIMIT = 20;
    /** Fast enough that a page which stops reading fills its socket at once. */
    private static final double FAST_TICK_RATE = 50_000.0;
    private static final Duration STALL = Duration.ofSeconds(4);
    private static final Duration METRICS_POLL = Duration.ofMillis(20);
    /** The table's base throttle in throttle.js. */
    private static final long TABLE_THROTTLE_MS = 250;
    /** Where throttle.js stops doubling the table's throttle after slow-consumer drops. */
    private static final long MAX_TABLE_THROTTLE_MS = 5000;
    /** How many symbols have a price on the page. */
    private static final String PRICED = "Object.keys(window.pricefeed.lastSeq).length";
    /** Added by an operator while the page runs. */
    private static final String ADDED = "NEWX";
    /** Ticks of history per symbol where a resume must reach back further. */
    private static final int SHORT_HISTORY = 16;
    /** Added with a price of 5,000,000 at 8 decimals: 16 characters in each price column. */
    private static final String WIDE = "WIDE8";
    /** The quote table's scroll width and client width: equal while no column is out of view. */
    private static final String TABLE_WIDTHS =
            "(() => { const s = document.querySelector('.table-scroll'); return [s.scrollWidth, s.clientWidth]; })()";
    /** The chart header's figures that reach outside its box, with their text. */
    private static final String CHART_HEAD_OUTSIDE = """
            (() => {
              const head = document.querySelector('.chart-head').getBoundingClientRect();
              return [...document.querySelectorAll('.chart-head > *')]
                .filter(e => { const r = e.getBoundingClientRect(); return r.right > head.right || r.bottom > head.bottom; })
                .map(e => e.textContent);
            })()""";
    /** The header's count of symbols, as shown. */
    private static final String STAT_SYMBOLS = "return document.getElementById('stat-symbols').textContent;";
    /** The last price and the change (price and percent) above the chart, as shown. */
    private static final String CHART_FIGURES =
            "return ['chart-last', 'chart-change'].map(id => document.getElementById(id).textContent);";
    /** A phone-sized window. */
    private static final int NARROW_WIDTH = 420;
    /** The header's figures that reach outside the window or their own box (which would clip them), with their text. */
    private static final String HEADER_FIGURES_OUT_OF_VIEW = """
            (() => {
              const stats = document.querySelector('.stats').getBoundingClientRect();
              return [...document.querySelectorAll('.stats > .stat')]
                .filter(e => { const r = e.getBoundingClientRect();
                  return r.right > Math.min(stats.right, document.documentElement.clientWidth) || r.bottom > stats.bottom; })
                .map(e => e.textContent);
            })()""";
    /** The screenshot, relative to the module directory surefire runs in. */
    private static final Path SCREENSHOT = Boolean.getBoolean("pricefeed.updateScreenshot")
            ? Path.of("..", "docs", "dashboard.png") : Path.of("target", "dashboard.png");
    /** What Chromium logs, as SEVERE, for each connection attempt while the stream port is closed. */
    private static final Pattern REFUSED =
            Pattern.compile("WebSocket connection to 'ws://127\\.0\\.0\\.1:\\d+/stream' failed: .*ERR_CONNECTION_REFUSED");

    private FeedServer server;
    private HeadlessChromium browser;
    private DashboardPage page;

    @BeforeEach
    void start() throws IOException {
        HeadlessChromium.assumeInstalled();
        server = FeedServer.start(market(SYMBOLS, TICK_RATE));
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
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void showsLivePricesResumesAfterAStreamRestartAndShowsAnOperatorShock() throws IOException {
        openDashboard();
        String first = page.cell(SHOCKED, "last");
        page.await(SHOCKED + "'s last price to move from " + first, d -> !page.cell(SHOCKED, "last").equals(first));
        chartFollowsAClickedRow();
        assertNoUnexpectedConsoleEntries(false);
        resumesAfterAStreamListenerRestart();
        assertNoUnexpectedConsoleEntries(true);
        showsAShockInTheTable();
        saveScreenshotWithTheShockCharted();
        assertNoUnexpectedConsoleEntries(false);
    }

    /** A clicked row gets its own unthrottled subscription, which the page checks seq by seq. */
    private void chartFollowsAClickedRow() {
        page.clickRow(CHARTED);
        page.await("the chart to switch to " + CHARTED,
                d -> CHARTED.equals(page.feedText("selected")) && CHARTED.equals(page.chartSymbol()));
        long firstSeq = page.await("a first seq of " + CHARTED, d -> positive(page.feed("chartSeq")));
        page.await(CHARTED + "'s seq past " + firstSeq + " with every tick in order",
                d -> page.feed("chartSeq") > firstSeq && STRICT.equals(page.feedText("chartMode")));
        assertEquals(0, page.feed("gaps"), "gaps on " + CHARTED);
    }

    /** The stream tier restarts: every socket gets 1001 and the port is closed for a moment. */
    private void resumesAfterAStreamListenerRestart() {
        page.recordStates();
        page.recordNextSockets();
        long seqBeforeRestart = page.feed("chartSeq");
        server.restartStreamListener();
        page.await(() -> "the page to leave live and come back (states seen: " + page.statesSeen() + ")",
                d -> page.statesSeen().stream().anyMatch(s -> !DashboardPage.LIVE.equals(s))
                        && DashboardPage.LIVE.equals(page.state()) && page.feed("reconnects") >= 1);
        Map<String, Object> socket = page.await("the new socket's first request", d -> reopened(page.recordedSockets()));
        long resumedFrom = assertResumeRequest(socket);
        assertTrue(resumedFrom >= seqBeforeRestart, "resumed from " + resumedFrom + ", saw " + seqBeforeRestart);
        page.await(CHARTED + "'s seq past " + (resumedFrom + RESUMED_TICKS) + " after the resume",
                d -> page.feed("chartSeq") > resumedFrom + RESUMED_TICKS && STRICT.equals(page.feedText("chartMode")));
        assertEquals(0, page.feed("gaps"), "gaps on " + CHARTED + " across the restart");
        assertEquals(0, page.feed("missed"), "ticks of " + CHARTED + " lost across the restart");
        assertEquals(0, page.feed("duplicates"), "ticks of " + CHARTED + " seen twice or out of order");
        assertContinuesFrom(resumedFrom, reopened(page.recordedSockets()));
    }

    /** Loopback needs no operator token, so the panel opens once the page has asked. */
    private void showsAShockInTheTable() {
        page.openOperator();
        double beforeShock = page.last(SHOCKED);
        page.shock(SHOCKED, String.valueOf((int) SHOCK_PERCENT));
        String note = page.await("the shock's outcome beside the form", d -> blankToNull(page.shockNote().getText()));
        assertEquals("op-ok " + SHOCKED + " shocked by " + (int) SHOCK_PERCENT + "%", page.shockNote().getDomAttribute("class") + " " + note,
                "#op-shock-error");
        double limit = beforeShock * (1 + SHOCK_PERCENT / 100 + SHOCK_SLACK);
        page.await(() -> SHOCKED + " below " + limit + " in the table (was " + beforeShock + ", now "
                        + page.cell(SHOCKED, "last") + ")",
                d -> page.last(SHOCKED) < limit);
    }

    /** The picture for the README, taken live: the shocked symbol charted, its fall on screen. */
    private void saveScreenshotWithTheShockCharted() throws IOException {
        page.clickRow(SHOCKED);
        page.await("the chart to switch to " + SHOCKED, d -> SHOCKED.equals(page.chartSymbol()));
        page.await(SHOCKED + " charted live", d -> DashboardPage.LIVE.equals(page.state())
                && positive(page.feed("chartSeq")) != null && STRICT.equals(page.feedText("chartMode")));
        Path module = Path.of("").toAbsolutePath();
        assertTrue(Files.isRegularFile(module.resolveSibling("pom.xml")) && module.endsWith("feed-server"),
                "tests run in the feed-server module directory, not in " + module);
        browser.screenshot(SCREENSHOT);
        BufferedImage png = ImageIO.read(SCREENSHOT.toFile());
        assertEquals(HeadlessChromium.WIDTH + "x" + HeadlessChromium.HEIGHT, png.getWidth() + "x" + png.getHeight(),
                "the screenshot is the whole page");
    }

    @Test
    void aReloadedPageConnectsAgainWithLiveDataAndLeavesOneConnection() throws Exception {
        openDashboard();
        page.js("window.__beforeReload = true;");
        browser.driver().navigate().refresh();
        page.await("the reloaded document", d -> page.js("return window.__beforeReload;") == null);
        page.awaitLiveWithRows(SYMBOLS);
        String first = page.cell(SHOCKED, "last");
        page.await(SHOCKED + "'s last price to move after the reload",
                d -> !page.cell(SHOCKED, "last").equals(first));
        assertEquals(0, page.feed("reconnects"), "a reload is a new connection, not a reconnect");
        // The unloaded page's socket is closed, not left to time out.
        page.await("one stream connection on the server", d -> activeConnections() == 1);
        assertNoUnexpectedConsoleEntries(false);
    }

    @Test
    void streamsAsManySymbolsAsTheServerAllowsAndChartsOneLeftOutWithoutGaps() throws IOException {
        restartServer(market(LARGE_MARKET, TICK_RATE)
                .with(Option.MAX_SYMBOLS_PER_CONNECTION, CONNECTION_LIMIT));
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/");
        page.await(() -> "live with " + CONNECTION_LIMIT + " of " + LARGE_MARKET + " symbols priced (streamed "
                        + page.feed("streamed") + ", priced " + page.number(PRICED) + ")",
                d -> DashboardPage.LIVE.equals(page.state()) && page.rows().size() == LARGE_MARKET
                        && page.number(PRICED) == CONNECTION_LIMIT && page.feed("streamed") == CONNECTION_LIMIT);
        List<String> rows = page.rows();
        String notice = "streaming " + CONNECTION_LIMIT + " of " + LARGE_MARKET + " symbols (server limit "
                + CONNECTION_LIMIT + " per connection)";
        assertEquals(notice, page.lastingNotice());
        assertEquals(rows.subList(CONNECTION_LIMIT, LARGE_MARKET), page.unstreamedRows(), "rows not streamed");
        assertEquals(rows.get(0), page.feedText("selected"), "the first symbol is charted");
        assertEquals(0, page.feed("errors"), "stream errors (a refused subscribe)");

        // A row left out is charted: it takes the place of the table's last streamed symbol.
        String outsider = rows.get(LARGE_MARKET - 5);
        page.clickRow(outsider);
        long firstSeq = page.await("a first seq of " + outsider,
                d -> outsider.equals(page.feedText("selected")) ? positive(page.feed("chartSeq")) : null);
        page.await(outsider + "'s seq past " + (firstSeq + RESUMED_TICKS) + " with every tick in order",
                d -> page.feed("chartSeq") > firstSeq + RESUMED_TICKS && STRICT.equals(page.feedText("chartMode")));
        List<String> unstreamed = new ArrayList<>(rows.subList(CONNECTION_LIMIT - 1, LARGE_MARKET));
        unstreamed.remove(outsider);
        assertEquals(unstreamed, page.unstreamedRows(), "rows not streamed once " + outsider + " is charted");
        assertEquals(CONNECTION_LIMIT, page.feed("streamed"));
        assertEquals(notice, page.lastingNotice());
        assertEquals(0, page.feed("errors"), "stream errors (a refused subscribe)");
        assertEquals(0, page.feed("gaps"), "gaps on " + outsider);
        assertEquals(0, page.feed("reconnects"));
        assertNoUnexpectedConsoleEntries(false);
    }

    @Test
    void aRowLeftOutWhenTheMarketGrewPastTheLimitUnderTheWildcardIsChartedWithoutGaps() throws Exception {
        restartServer(market(SYMBOLS, TICK_RATE)
                .with(Option.MAX_SYMBOLS_PER_CONNECTION, SYMBOLS));
        openDashboard();
        page.openOperator(); // its poll lists the new symbol: `*` has no room to bring it
        String added = "NEWA";
        assertEquals(201, operator("POST", "/api/simulator/symbols", "{\"symbol\":\"" + added + "\",\"price\":100}"));
        page.await(() -> added + " listed and left out (unstreamed " + page.unstreamedRows() + ")",
                d -> page.unstreamedRows().equals(List.of(added)));

        page.clickRow(added);
        long firstSeq = page.await("a first seq of " + added,
                d -> added.equals(page.feedText("selected")) ? positive(page.feed("chartSeq")) : null);
        page.await(added + "'s seq past " + (firstSeq + RESUMED_TICKS) + " with every tick in order",
                d -> page.feed("chartSeq") > firstSeq + RESUMED_TICKS && STRICT.equals(page.feedText("chartMode")));
        assertEquals(SYMBOLS, page.feed("streamed"));
        assertEquals(1, page.unstreamedRows().size(), "one row left out: " + page.unstreamedRows());
        assertEquals("streaming " + SYMBOLS + " of " + (SYMBOLS + 1) + " symbols (server limit " + SYMBOLS
                + " per connection)", page.lastingNotice());
        assertEquals(0, page.feed("errors"), "stream errors (a refused subscribe)");
        assertEquals(0, page.feed("gaps"), "gaps on " + added);
        assertEquals(0, page.feed("reconnects"));
    }

    /**
     * Over the limit the page names its symbols, and a symbol removed and added again drops out of a
     * named subscription without a word (PROTOCOL-EXTENSIONS.md): the page's periodic check of what it
     * holds (every 3 heartbeat intervals) brings the charted symbol back, its seqs still checked, and asks
     * again for a charted symbol whose subscribe was refused. A check refused because a symbol in it was
     * removed meanwhile subscribes nothing and drops nothing: the page still counts every other symbol it
     * holds as streamed. The check runs also when /api/info, which gives its pace, comes late.
     */
    @Test
    void overTheLimitAChartedSymbolRemovedAndAddedAgainIsChartedAgain() throws Exception {
        restartServer(market(LARGE_MARKET, TICK_RATE)
                .with(Option.MAX_SYMBOLS_PER_CONNECTION, CONNECTION_LIMIT)
                .with(Option.HEARTBEAT_INTERVAL, Duration.ofSeconds(1)));
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/");
        page.await("live with " + CONNECTION_LIMIT + " symbols streamed",
                d -> DashboardPage.LIVE.equals(page.state()) && page.feed("streamed") == CONNECTION_LIMIT);
        String charted = page.feedText("selected");
        page.await(charted + " charted strictly", d -> positive(page.feed("chartSeq")) != null
                && STRICT.equals(page.feedText("chartMode")));

        removeAndAddAgainThenChartedStrictly(charted);
        assertEquals(CONNECTION_LIMIT, page.feed("streamed"));

        // A row left out is charted while the connection holds one symbol more than the page counts (the
        // page's unsubscribe that makes room is held back until after the chart's subscribe): that subscribe
        // is refused as over the limit, and the next check asks for the chart again, now that there is room.
        List<String> rows = page.rows();
        String outsider = rows.get(LARGE_MARKET - 5);
        page.holdNextMessage("unsubscribe", rows.get(CONNECTION_LIMIT - 1));
        long errorsBefore = page.feed("errors");
        page.clickRow(outsider);
        page.await(() -> "the chart's subscribe refused (notice " + page.notice() + ")",
                d -> page.feed("errors") > errorsBefore);
        assertTrue(page.notice().endsWith("stream error limit_exceeded: too many symbols: at most " + CONNECTION_LIMIT
                + " per connection"), page.notice());
        page.releaseHeldMessage();
        long outsiderSeq = page.await("a first seq of " + outsider + " once there is room",
                d -> outsider.equals(page.feedText("selected")) ? positive(page.feed("chartSeq")) : null);
        page.await(outsider + "'s seq past " + (outsiderSeq + RESUMED_TICKS) + " with every tick in order",
                d -> page.feed("chartSeq") > outsiderSeq + RESUMED_TICKS && STRICT.equals(page.feedText("chartMode")));
        assertEquals(CONNECTION_LIMIT, page.feed("streamed"));

        // A table symbol is removed while the page's check naming it is on its way: the page learns of the
        // removal first (it removes the symbol itself) and the check reaches the server after.
        String removed = page.rows().get(CONNECTION_LIMIT / 2);
        page.openOperator();
        page.holdNextMessage("subscribe", removed);
        page.await("the page's next check of what it holds", d -> page.messageHeld());
        page.removeSymbol(removed);
        page.await(removed + "'s row greyed out", d -> page.rowClass(removed).contains("removed"));
        long errors = page.feed("errors");
        page.releaseHeldMessage();
        // Read together, at the refusal: the page retries a refused table subscribe 2 s later.
        List<?> atRefusal = page.await("the check's refusal", d -> {
            List<?> seen = (List<?>) page.js("const p = window.pricefeed;"
                    + " return [p.errors, p.streamed, document.getElementById('lasting').textContent];");
            return ((Number) seen.get(0)).longValue() > errors ? seen : null;
        });
        assertTrue(page.notice().endsWith("stream error unknown_symbol: unknown symbol: " + removed), page.notice());
        assertEquals(List.of(errors + 1, (long) CONNECTION_LIMIT, "streaming " + CONNECTION_LIMIT + " of "
                + (LARGE_MARKET - 1) + " symbols (server limit " + CONNECTION_LIMIT + " per connection)"), atRefusal,
                "errors, symbols streamed and the footer once the check was refused");
        assertEquals(0, page.feed("reconnects"));

        // A page given its stream with ?stream= does not wait for /api/info, which here answers only after the
        // page named its table (its `*` was refused): the check still runs, at the pace /api/info then gives.
        browser.beforePageScripts(DashboardPage.HOLD_API_INFO);
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/?stream=ws://127.0.0.1:" + server.streamPort()
                + "/stream");
        page.await("the table named after the refusal of `*`", d -> DashboardPage.LIVE.equals(page.state())
                && Boolean.TRUE.equals(page.js("return window.pricefeed.explicit;"))
                && page.feed("streamed") == CONNECTION_LIMIT);
        page.releaseApiInfo();
        page.await("the heartbeat interval from /api/info", d -> page.feed("silenceLimitMs") == 2000);
        String rechart = page.feedText("selected");
        page.await(rechart + " charted strictly", d -> positive(page.feed("chartSeq")) != null
                && STRICT.equals(page.feedText("chartMode")));
        removeAndAddAgainThenChartedStrictly(rechart);
    }

    /**
     * The operator removes the charted symbol and adds it again at 100: the page charts it again, every tick in
     * order, and measures its change from the new open.
     */
    private void removeAndAddAgainThenChartedStrictly(String charted) throws IOException, InterruptedException {
        assertEquals(204, operator("DELETE", "/api/simulator/symbols/" + charted, null));
        assertEquals(201, operator("POST", "/api/simulator/symbols", "{\"symbol\":\"" + charted + "\",\"price\":100}"));
        long seqBefore = page.feed("chartSeq");
        page.await(() -> charted + " charted strictly again past " + (seqBefore + RESUMED_TICKS) + " (seq "
                        + page.feed("chartSeq") + ", mode " + page.feedText("chartMode") + ")",
                d -> page.feed("chartSeq") > seqBefore + RESUMED_TICKS && STRICT.equals(page.feedText("chartMode")));
        // Its change is measured from the new open, 100 (the first symbols of the default market are dearer).
        page.await(() -> charted + "'s change from its new open of 100 (shown " + page.js(CHART_FIGURES) + ")",
                d -> Math.abs(percent((String) ((List<?>) page.js(CHART_FIGURES)).get(1))) < 25);
    }

    /**
     * With the operator panel open, its poll tells the page about the removal (the row greys out) and
     * the symbol's return; without it, the page learns of the return only from the snapshot that
     * {@code *} brings, outside any subscribe of the charted symbol. With the panel open, the symbol is
     * then removed once more, and a reconnect does not ask for it.
     */
    @ParameterizedTest(name = "operator panel open: {0}")
    @ValueSource(booleans = {true, false})
    void aChartedSymbolRemovedAndAddedAgainIsChartedUnthrottledAgainWithoutFalseGaps(boolean panelOpen) throws Exception {
        openDashboard();
        if (panelOpen) {
            page.openOperator();
        }
        page.clickRow(CHARTED);
        long firstSeq = page.await("a first seq of " + CHARTED,
                d -> CHARTED.equals(page.feedText("selected")) ? positive(page.feed("chartSeq")) : null);
        page.await(CHARTED + " charted strictly", d -> page.feed("chartSeq") > firstSeq
                && STRICT.equals(page.feedText("chartMode")));

        assertEquals(204, operator("DELETE", "/api/simulator/symbols/" + CHARTED, null));
        if (panelOpen) {
            page.await(() -> CHARTED + "'s row greyed out (class '" + page.rowClass(CHARTED) + "')",
                    d -> page.rowClass(CHARTED).contains("removed"));
        }
        long lastSeqBefore = page.feed("chartSeq");
        assertEquals(201, operator("POST", "/api/simulator/symbols", "{\"symbol\":\"" + CHARTED + "\",\"price\":100}"));
        // Seqs go on across the removal: the new incarnation's snapshot is lastSeqBefore + 1 at the earliest.
        page.await(() -> CHARTED + " charted strictly again past " + (lastSeqBefore + RESUMED_TICKS) + " (seq "
                        + page.feed("chartSeq") + ", mode " + page.feedText("chartMode") + ")",
                d -> page.feed("chartSeq") > lastSeqBefore + RESUMED_TICKS && STRICT.equals(page.feedText("chartMode"))
                        && Boolean.TRUE.equals(page.js("return window.pricefeed.chartHeld;")));
        long resumed = page.feed("chartSeq");
        page.await(CHARTED + " still strict past " + (resumed + RESUMED_TICKS),
                d -> page.feed("chartSeq") > resumed + RESUMED_TICKS);
        assertEquals(0, page.feed("gaps"), "gaps on " + CHARTED + " (throttled ticks counted as lost)");
        assertEquals(0, page.feed("missed"), "ticks of " + CHARTED + " counted as missed");
        assertEquals(0, page.feed("duplicates"));
        assertTrue(!page.rowClass(CHARTED).contains("removed"), "class " + page.rowClass(CHARTED));
        assertEquals(0, page.feed("reconnects"));
        if (panelOpen) {
            reconnectsWithoutAskingForTheRemovedChartedSymbol();
        }
    }

    /**
     * Symbols removed and added again at another price (operator API) have a new open (/api/symbols): their
     * change, in the row and above the chart, is measured from it within seconds, not after the page's
     * minute-long refresh of its symbols, and the chart starts where the symbol came back instead of joining
     * its old prices to the new. How the page learns that they came back is the parameter.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Return.class)
    void symbolsAddedAgainAtAnotherPriceShowTheirChangeFromTheNewOpenAndChartOnlyTheirReturn(Return seen)
            throws Exception {
        openDashboard();
        if (seen == Return.AFTER_A_GREYED_ROW) {
            page.openOperator();
        }
        page.clickRow(CHARTED);
        page.await(CHARTED + " charted strictly", d -> positive(page.feed("chartSeq")) != null
                && STRICT.equals(page.feedText("chartMode")) && page.feed("chartPoints") > RESUMED_TICKS);
        String tableRow = SHOCKED;
        Map<String, Double> prices = new HashMap<>();
        for (String symbol : List.of(CHARTED, tableRow)) {
            // Four times the price it had: a change still measured from the old open reads about +300 %.
            prices.put(symbol, Math.rint(400 * page.last(symbol)) / 100);
        }
        if (seen == Return.ON_ITS_NEXT_SOCKET) {
            // The new socket is open but asks for nothing yet while the symbols go and come back.
            page.recordNextSockets();
            page.reconnectWithLateRequests(Duration.ofSeconds(3));
            page.await("the new socket open", d -> page.recordedSockets().stream().anyMatch(o -> o.get("openedAt") != null));
        }
        long removedAt = System.currentTimeMillis();
        for (String symbol : List.of(CHARTED, tableRow)) {
            assertEquals(204, operator("DELETE", "/api/simulator/symbols/" + symbol, null));
            if (seen == Return.AFTER_A_GREYED_ROW) {
                page.await(symbol + "'s row greyed out", d -> page.rowClass(symbol).contains("removed"));
                page.await(() -> "the header counting " + (SYMBOLS - 1) + " live symbols (shows " + page.js(STAT_SYMBOLS) + ")",
                        d -> String.valueOf(SYMBOLS - 1).equals(page.js(STAT_SYMBOLS)));
            }
            assertEquals(201, operator("POST", "/api/simulator/symbols",
                    "{\"symbol\":\"" + symbol + "\",\"price\":" + String.format(Locale.ROOT, "%.2f", prices.get(symbol)) + "}"));
        }
        // Back at its new price, each shows a change of a few percent at most, not about +300 %.
        for (String symbol : List.of(CHARTED, tableRow)) {
            page.await(() -> symbol + "'s new price and its change from the new open (shown " + page.cell(symbol, "last")
                            + " " + page.cell(symbol, "changePct") + ")",
                    d -> page.last(symbol) > prices.get(symbol) / 2 && Math.abs(percent(page.cell(symbol, "changePct"))) < 50);
        }
        page.await(() -> "the header counting all " + SYMBOLS + " symbols again (shows " + page.js(STAT_SYMBOLS) + ")",
                d -> String.valueOf(SYMBOLS).equals(page.js(STAT_SYMBOLS)));
        page.await(() -> "the chart header's change from the new open (shown " + page.js(CHART_FIGURES) + ")",
                d -> {
                    List<?> shown = (List<?>) page.js(CHART_FIGURES);
                    return Double.parseDouble((String) shown.get(0)) > prices.get(CHARTED) / 2
                            && Math.abs(percent((String) shown.get(1))) < 50;
                });
        long seq = page.feed("chartSeq");
        page.await(CHARTED + " charted strictly again", d -> page.feed("chartSeq") > seq + RESUMED_TICKS
                && STRICT.equals(page.feedText("chartMode")));
        long span = page.feed("chartSpanMs");
        long sinceRemoval = System.currentTimeMillis() - removedAt;
        assertTrue(span <= sinceRemoval, "the chart spans " + span + " ms, from before the removal "
                + sinceRemoval + " ms ago");
        if (seen == Return.ON_ITS_NEXT_SOCKET) {
            // The ticks made between the old socket's close and the removal are gone with the old incarnation's
            // history: the resume that asks past them gets the latest state, one gap (PROTOCOL-EXTENSIONS.md).
            assertTrue(page.feed("gaps") <= 1, "gaps on " + CHARTED + ": " + page.feed("gaps"));
            assertEquals(1, page.feed("reconnects"));
        } else {
            assertEquals(0, page.feed("gaps"), "gaps on " + CHARTED);
            assertEquals(0, page.feed("reconnects"));
        }
    }

    /** How the page learns that a symbol came back. */
    private enum Return {
        /** The operator panel's poll greyed its row: a snapshot of a symbol known removed. */
        AFTER_A_GREYED_ROW,
        /** Only the snapshot that {@code *} brings, of a symbol the socket already streamed. */
        FROM_AN_UNASKED_SNAPSHOT,
        /** It went and came back while the page was reconnecting: the new socket's first snapshot. */
        ON_ITS_NEXT_SOCKET
    }

    /**
     * @param shown a change as the page shows it, e.g. {@code +1.25%} or {@code -0.40 -0.31%}
     * @return its percent, NaN when none is shown
     */
    private static double percent(String shown) {
        String[] words = shown.trim().split("\\s+");
        String last = words[words.length - 1];
        return last.endsWith("%") ? Double.parseDouble(last.substring(0, last.length() - 1)) : Double.NaN; // a dash: none yet
    }

    /** The page knows its charted symbol is removed: a new socket does not ask to resume it (a sure refusal). */
    private void reconnectsWithoutAskingForTheRemovedChartedSymbol() {
        page.removeSymbol(CHARTED);
        page.await(CHARTED + "'s row greyed out", d -> page.rowClass(CHARTED).contains("removed"));
        long errors = page.feed("errors");
        page.recordNextSockets();
        page.js("window.pricefeed.reconnect();");
        // Replies come in request order: once `*` is answered, a refusal of anything sent before it has arrived.
        Map<String, Object> socket = page.await("the new socket's `*` answered", d -> {
            Map<String, Object> opened = reopened(page.recordedSockets());
            return opened != null && ((List<?>) opened.get("received")).stream().map(m -> (Map<?, ?>) m)
                    .anyMatch(m -> "subscribed".equals(m.get("type")) && List.of("*").equals(m.get("symbols"))) ? opened : null;
        });
        assertEquals(errors, page.feed("errors"), "stream errors after the reconnect (notice " + page.notice() + ")");
        List<?> naming = ((List<?>) socket.get("sent")).stream()
                .filter(m -> ((Map<?, ?>) m).get("symbols") instanceof List<?> symbols && symbols.contains(CHARTED)).toList();
        assertEquals(List.of(), naming, "requests naming " + CHARTED);
    }

    /**
     * The operator panel's Restart reaches the page as seq-0 snapshots on the socket it has: the chart and the
     * table follow the new run, the page shows the new epoch, and the seqs that start again are not duplicates.
     */
    @Test
    void anOperatorRestartIsFollowedFromSeqZeroUnderTheNewEpoch() throws Exception {
        openDashboard();
        page.clickRow(CHARTED);
        long firstSeq = page.await("a first seq of " + CHARTED,
                d -> CHARTED.equals(page.feedText("selected")) ? positive(page.feed("chartSeq")) : null);
        long seqBefore = page.await(CHARTED + " charted strictly for a while", d -> page.feed("chartSeq") > firstSeq + 40
                && STRICT.equals(page.feedText("chartMode")) ? page.feed("chartSeq") : null);
        long tableSeqBefore = tableSeq(SHOCKED);
        String oldEpoch = page.feedText("epoch");

        page.openOperator();
        page.restartSimulator();
        String note = page.await("the restart's outcome beside the run buttons", d -> blankToNull(page.runNote().getText()));
        String newEpoch = serverEpoch();
        assertNotEquals(oldEpoch, newEpoch);
        assertEquals("op-ok restarted as epoch " + newEpoch, page.runNote().getDomAttribute("class") + " " + note);
        page.await(() -> "the page on epoch " + newEpoch + " (shows " + page.feedText("epoch") + ")",
                d -> newEpoch.equals(page.feedText("epoch")));
        page.await(() -> CHARTED + " charted strictly in the new run (seq " + page.feed("chartSeq") + ", mode "
                        + page.feedText("chartMode") + ")",
                d -> page.feed("chartSeq") > RESUMED_TICKS && page.feed("chartSeq") < seqBefore
                        && STRICT.equals(page.feedText("chartMode")));
        page.await(() -> SHOCKED + "'s row in the new run (seq " + tableSeq(SHOCKED) + ")",
                d -> tableSeq(SHOCKED) > 0 && tableSeq(SHOCKED) < tableSeqBefore);
        assertEquals(0, page.feed("gaps"), "gaps on " + CHARTED);
        assertEquals(0, page.feed("missed"));
        assertEquals(0, page.feed("duplicates"), "a new run's seqs counted as duplicates");
        assertEquals(0, page.feed("reconnects"));
        assertNoUnexpectedConsoleEntries(false);
    }

    /** @return the epoch /healthz reports */
    private String serverEpoch() throws IOException, InterruptedException {
        String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher epoch = Pattern.compile("\"epoch\":\"([^\"]+)\"").matcher(health);
        assertTrue(epoch.find(), health);
        return epoch.group(1);
    }

    /** @return the seq of the symbol's row in the quote table, or -1 before it has one */
    private long tableSeq(String symbol) {
        Object seq = page.js("return window.pricefeed.lastSeq[arguments[0]];", symbol);
        return seq == null ? -1 : ((Number) seq).longValue();
    }

    @Test
    void aPageDroppedAsASlowConsumerDoublesItsTableThrottleAndKeepsTheChartUnthrottled() {
        Settled before = openOnADroppingMarket();
        page.recordNextSockets();
        // The page stops reading: its socket fills, and the server drops it (1008) within its 100 ms lag bound.
        page.js("const until = Date.now() + arguments[0]; while (Date.now() < until) { }", STALL.toMillis());
        page.await(() -> "a reconnect after the drop (notice: " + page.notice() + ")",
                d -> DashboardPage.LIVE.equals(page.state()) && page.feed("reconnects") > before.reconnects);
        assertTrue(page.feed("tableThrottleMs") >= before.doubled(), () -> "table throttle after a drop: "
                + page.feed("tableThrottleMs") + " ms, from " + before.throttleMs + " ms; last close "
                + page.js("return window.pricefeed.lastClose") + ", notice " + page.notice());
        assertTrue(page.lastingNotice().contains("table throttled to "), page.lastingNotice());
        // The first socket after the drop: later ones may follow if this busy page is dropped again.
        Map<String, Object> socket = page.await("the new socket's requests", d -> page.recordedSockets().stream()
                .filter(o -> o.get("openedAt") != null && !((List<?>) o.get("sent")).isEmpty()).findFirst().orElse(null));
        List<?> sent = (List<?>) socket.get("sent");
        Map<?, ?> table = sent.stream().map(m -> (Map<?, ?>) m)
                .filter(m -> List.of("*").equals(m.get("symbols"))).findFirst().orElseThrow();
        assertEquals(before.doubled(), ((Number) table.get("throttleMs")).longValue(), "table subscribe " + table);
        Map<?, ?> last = (Map<?, ?>) sent.get(sent.size() - 1);
        assertEquals(List.of(page.feedText("selected")), last.get("symbols"), "the charted symbol named last " + sent);
        assertEquals(0L, ((Number) last.get("throttleMs")).longValue(), "the charted symbol unthrottled " + last);
    }

    /**
     * A page that stops reading for longer than the server's close timeout and then sends before it reads
     * (its ping timer came due while it was busy) is answered with a TCP reset by the server's closed
     * socket. The reset ends the socket as 1006 before the page reads the 1008 still in flight. The page
     * was behind the feed by seconds when it thawed, so it takes that close for the drop it was.
     */
    @Test
    void aPageWhose1008IsLostToAResetStillDoublesItsTableThrottle() {
        Settled before = openOnADroppingMarket();
        page.js("""
                const send = WebSocket.prototype.send;
                WebSocket.prototype.send = function (data) { window.__socket = this; return send.call(this, data); };
                """);
        page.clickRow(CHARTED); // the page subscribes CHARTED on its socket, which the patch above keeps
        page.await("the page's socket", d -> Boolean.TRUE.equals(page.js("return window.__socket != null;")));
        // Busy past the server's drop and its close timeout, then a ping before reading anything.
        page.js("""
                const until = Date.now() + arguments[0]; while (Date.now() < until) { }
                window.__socket.send(JSON.stringify({ op: 'ping', id: 1e9 }));
                """, STALL.toMillis());
        page.await(() -> "a reconnect after the drop (notice: " + page.notice() + ")",
                d -> DashboardPage.LIVE.equals(page.state()) && page.feed("reconnects") > before.reconnects);
        Object lastClose = page.js("return window.pricefeed.lastClose");
        assertTrue(page.feed("tableThrottleMs") >= before.doubled(), () -> "table throttle after a drop: "
                + page.feed("tableThrottleMs") + " ms, from " + before.throttleMs + " ms; last close " + lastClose
                + ", notice " + page.notice());
        assertTrue(page.lastingNotice().contains("table throttled to "), page.lastingNotice());
    }

    /**
     * A page frozen (a long task, a throttled tab) for longer than its silence limit, on a feed that kept coming
     * and that the socket buffers held, keeps its socket. The watchdog's timer may run before the messages that
     * arrived meanwhile are read; it used to abandon the socket then ("no message for 2.0 s", 4000), with the
     * feed waiting behind it.
     */
    @Test
    void aPageFrozenPastItsSilenceLimitKeepsAFeedThatKeptComing() throws Exception {
        restartServer(market(SYMBOLS, 20.0).with(Option.HEARTBEAT_INTERVAL, Duration.ofMillis(400)));
        // Which task the browser runs first after a long one is its choice: keep the page's 1 s timers, so the
        // freeze can end with the watchdog's, as a browser may order it.
        browser.beforePageScripts("""
                const realSetInterval = window.setInterval;
                window.__everySecond = [];
                window.setInterval = (fn, ms, ...args) => {
                  if (ms === 1000) window.__everySecond.push(fn);
                  return realSetInterval(fn, ms, ...args);
                };
                """);
        openDashboard();
        page.await("the heartbeat interval from /api/info", d -> page.feed("silenceLimitMs") == 2000);
        long reconnects = page.feed("reconnects");
        page.js("""
                const until = Date.now() + arguments[0]; while (Date.now() < until) { }
                window.__everySecond[window.__everySecond.length - 1]();  // the socket's watchdog, set up last
                """, 3000);
        long thawed = System.nanoTime();
        page.await("a message read after the freeze", d -> page.feed("messages") > 0
                && (System.nanoTime() - thawed) > Duration.ofMillis(2500).toNanos());
        assertEquals(reconnects, page.feed("reconnects"), () -> "reconnects; last close "
                + page.js("return window.pricefeed.lastClose") + ", notice " + page.notice());
        assertEquals(null, page.js("return window.pricefeed.lastClose"));
    }

    /**
     * The page's lag explains only the close of the socket it was measured on: a page that was once 1.5 s
     * behind, whose server then shuts down (1001), meets refused connects (1006) that are no slow-consumer
     * drops. Before, each refused attempt within seconds of the lag doubled the table's throttle.
     */
    @Test
    void refusedConnectsAfterAShutdownAreNoSlowConsumerDrops() {
        openDashboard();
        long before = page.feed("tableThrottleMs");
        page.js("const until = Date.now() + 1500; while (Date.now() < until) { }");
        page.await("a charted tick read after the long task", d -> page.feed("chartSeq") > 0);
        server.close();
        server = null;
        long closedAt = System.currentTimeMillis();
        page.await("a refused connect after the shutdown", d -> {
            Map<?, ?> close = (Map<?, ?>) page.js("return window.pricefeed.lastClose");
            return close != null && ((Number) close.get("code")).intValue() == 1006
                    && ((Number) close.get("at")).longValue() > closedAt + 300;
        });
        assertEquals(before, page.feed("tableThrottleMs"), () -> "table throttle; footer " + page.lastingNotice());
    }

    /**
     * Halving a throttle doubled up to its 5 s ceiling gives 2500, 1250, 625, and then a whole number again:
     * the server accepts only whole milliseconds, and refused {@code throttleMs: 312.5} (bad_request), which
     * left the table without its subscription. Drives throttle.js itself, in the page, with its timers run
     * at once.
     */
    @Test
    void aThrottleEasedFromItsCeilingAsksForWholeMilliseconds() {
        openDashboard();
        List<?> steps = (List<?>) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/throttle.js').then(({ TableThrottle, MAX_TABLE_THROTTLE_MS }) => {
                  const due = [];
                  const [setTimer, clearTimer] = [window.setTimeout, window.clearTimeout];
                  window.setTimeout = (fn) => due.push(fn);
                  window.clearTimeout = () => {};
                  try {
                    const steps = [];
                    const throttle = new TableThrottle((ms) => steps.push(ms));
                    while (throttle.ms < MAX_TABLE_THROTTLE_MS) throttle.disconnected(true);
                    throttle.connected(() => {});
                    while (due.length > 0 && steps.length < 20) due.shift()();
                    done(steps);
                  } finally {
                    window.setTimeout = setTimer;
                    window.clearTimeout = clearTimer;
                  }
                });
                """);
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 5000L, 2500L, 1250L, 625L, 313L, 250L), steps);
    }

    /**
     * A resume from beyond the server's history is answered with a snapshot after the reply (PROTOCOL.md
     * section 4: "the client sees the gap by seq"). The page counts that gap and goes on from the snapshot;
     * it took the snapshot for a new incarnation of the symbol before, and counted nothing.
     */
    @Test
    void aResumeFromBeyondTheServersHistoryCountsTheGap() {
        restartServer(market(SYMBOLS, TICK_RATE).with(Option.HISTORY, SHORT_HISTORY));
        openDashboard();
        page.clickRow(CHARTED);
        page.await(CHARTED + " charted strictly", d -> CHARTED.equals(page.feedText("selected"))
                && positive(page.feed("chartSeq")) != null && STRICT.equals(page.feedText("chartMode")));
        long gaps = page.feed("gaps");
        long reconnects = page.feed("reconnects");
        // The next socket asks for its resume 2 s after it opens: CHARTED ticks about 20 times a second by
        // then, more than the SHORT_HISTORY ticks the server keeps.
        page.reconnectWithLateRequests(Duration.ofSeconds(2));
        long resumedFrom = page.feed("chartSeq");
        page.await(() -> "a gap counted after the resume (gaps " + page.feed("gaps") + ", missed " + page.feed("missed")
                        + ", mode " + page.feedText("chartMode") + ", seq " + page.feed("chartSeq") + ")",
                d -> page.feed("reconnects") > reconnects && page.feed("gaps") > gaps);
        assertEquals(gaps + 1, page.feed("gaps"), "gaps");
        assertTrue(page.feed("missed") > SHORT_HISTORY, "missed " + page.feed("missed") + " from " + resumedFrom);
        page.await("strict sequencing after the snapshot", d -> STRICT.equals(page.feedText("chartMode"))
                && page.feed("chartSeq") > resumedFrom + page.feed("missed") + 1);
        assertEquals(gaps + 1, page.feed("gaps"), "gaps after the snapshot");
    }

    /**
     * Charting row after row faster than the server's inbound rate gets some chart subscribes refused as
     * limit_exceeded for too many messages a second. That is no symbol limit: the table stays on `*` and
     * the last row chosen is charted once the second has passed. Before, the page took it for the symbol
     * limit and named its symbols instead of `*` for the rest of the connection.
     */
    @Test
    void chartSubscribesRefusedForTheInboundRateKeepTheTableOnTheWildcard() {
        restartServer(market(SYMBOLS, TICK_RATE).with(Option.MAX_INBOUND_RATE, 5));
        openDashboard();
        List<String> rows = page.rows();
        long errors = page.feed("errors");
        page.js("for (const symbol of arguments[0]) window.pricefeed.select(symbol);", rows.subList(1, 9));
        page.await("a refusal", d -> page.feed("errors") > errors);
        String last = rows.get(8);
        page.await(() -> last + " charted strictly (explicit " + page.feedText("explicit") + ", mode "
                        + page.feedText("chartMode") + ", held " + page.feedText("chartHeld") + ")",
                d -> last.equals(page.feedText("selected")) && "true".equals(page.feedText("chartHeld"))
                        && STRICT.equals(page.feedText("chartMode")));
        assertEquals("false", page.feedText("explicit"), "the table's subscription is named instead of *");
        assertEquals("", page.lastingNotice(), "footer");
    }

    /**
     * The ticks a resume replays were made while the page was away: they are no latency. The resume's reply
     * comes before its replay, and the header's chart p99 counted the replay as live before (1.5 s here, the
     * time the page was away; the reviewer saw 3 s after a 3 s reconnect).
     */
    @Test
    void ticksReplayedByAResumeAreNotCountedAsLatency() {
        openDashboard();
        page.clickRow(CHARTED);
        page.await(CHARTED + " charted strictly", d -> CHARTED.equals(page.feedText("selected"))
                && positive(page.feed("chartSeq")) != null && STRICT.equals(page.feedText("chartMode")));
        long reconnects = page.feed("reconnects");
        page.reconnectWithLateRequests(Duration.ofMillis(1500));
        long resumedFrom = page.feed("chartSeq");
        page.await("the resume replayed and live ticks after it", d -> page.feed("reconnects") > reconnects
                && page.feed("chartSeq") > resumedFrom + 40 && STRICT.equals(page.feedText("chartMode")));
        assertEquals(0, page.feed("gaps"), "gaps across the resume");
        double p99 = ((Number) page.js("return window.pricefeed.latency.p99;")).doubleValue();
        assertTrue(p99 < 1000, "chart p99 " + p99 + " ms just after the resume");
    }

    /**
     * The operator panel's poll of the simulator was answered just before another operator added a symbol,
     * and the answer reached the page (1.5 s late: a slow network) after the new symbol's snapshot. That
     * stale listing must not grey out the live symbol; it marked it removed before.
     */
    @Test
    void aListingAskedForBeforeASymbolWasAddedDoesNotMarkItRemoved() throws Exception {
        openDashboard();
        page.openOperator();
        page.js("""
                const fetchNow = window.fetch;
                window.fetch = async (resource, init) => {
                  const response = await fetchNow(resource, init);
                  if (String(resource).endsWith('api/simulator') && (init?.method ?? 'GET') === 'GET') {
                    window.__pollAnsweredAt = Date.now();
                    await new Promise((resolve) => setTimeout(resolve, arguments[0]));
                    // The page reads the body and renders in the microtasks that follow: a task comes after.
                    const text = response.text.bind(response);
                    response.text = async () => {
                      const body = await text();
                      setTimeout(() => { window.__pollRendered = true; });
                      return body;
                    };
                  }
                  return response;
                };
                """, 1500);
        page.await("a poll answered by the server", d -> Boolean.TRUE.equals(
                page.js("return window.__pollAnsweredAt != null && window.__pollRendered == null;")));
        assertEquals(201, operator("POST", "/api/simulator/symbols", "{\"symbol\":\"" + ADDED + "\",\"price\":50}"));
        page.await(ADDED + " streaming", d -> page.rows().contains(ADDED) && !page.cell(ADDED, "last").isEmpty());
        page.await("the late poll rendered", d -> Boolean.TRUE.equals(page.js("return window.__pollRendered === true;")));
        assertFalse(page.rowClass(ADDED).contains("removed"), "row class " + page.rowClass(ADDED));
    }

    /**
     * A doubled throttle is halved again, on the open socket, once the page has kept up for 12 heartbeat
     * intervals but at least 5 s (here 400 ms heartbeats: 5 s): one bad minute does not slow the table for
     * the page's whole life.
     */
    @Test
    void aDoubledTableThrottleEasesBackOnceThePageKeepsUp() throws Exception {
        Settled settledBefore = openLiveOn(droppingMarket().with(Option.HEARTBEAT_INTERVAL, Duration.ofMillis(400)));
        long before = settledBefore.throttleMs;
        long reconnects = settledBefore.reconnects;
        page.recordNextSockets();
        // A market this page keeps up with as soon as the server has dropped it, so that the socket after the
        // drop is not dropped too and the doubled throttle can ease again.
        double dropsBefore = slowConsumerDrops();
        CompletableFuture<Integer> calm = CompletableFuture.supplyAsync(() -> {
            try {
                long deadline = System.nanoTime() + 2 * STALL.toNanos();
                while (slowConsumerDrops() == dropsBefore && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(METRICS_POLL.toNanos());
                }
                return operator("PUT", "/api/simulator/rate", "{\"tickRate\":" + TICK_RATE + "}");
            } catch (IOException | InterruptedException e) {
                throw new CompletionException(e);
            }
        });
        page.js("const until = Date.now() + arguments[0]; while (Date.now() < until) { }", STALL.toMillis());
        assertEquals(200, calm.get(2 * STALL.toSeconds(), TimeUnit.SECONDS));
        page.await(() -> "a reconnect after the drop (state " + page.state() + ", reconnects " + page.feed("reconnects")
                + " from " + reconnects + ", table throttle " + page.feed("tableThrottleMs") + " from " + before
                + ", last close " + page.js("return window.pricefeed.lastClose") + ", notice " + page.notice() + ")",
                d -> DashboardPage.LIVE.equals(page.state())
                        && page.feed("reconnects") > reconnects && page.feed("tableThrottleMs") > before);
        long doubled = page.feed("tableThrottleMs");
        long settled = page.feed("reconnects");
        long gaps = page.feed("gaps"); // the stall outlasted the history: the resume may have had to skip
        int sockets = page.recordedSockets().size();

        page.await(() -> "the throttle halved from " + doubled + " (now " + page.feed("tableThrottleMs") + ", reconnects "
                + page.feed("reconnects") + ", last close " + page.js("return window.pricefeed.lastClose") + ", notice "
                + page.notice() + ")", d -> page.feed("tableThrottleMs") == doubled / 2);
        assertEquals(settled, page.feed("reconnects"), () -> "halved on the open socket, not by reconnecting; last close "
                + page.js("return window.pricefeed.lastClose") + ", notice " + page.notice());
        assertEquals(sockets, page.recordedSockets().size());
        List<?> sent = (List<?>) page.recordedSockets().get(sockets - 1).get("sent");
        int table = -1;
        for (int i = 0; i < sent.size(); i++) {
            Map<?, ?> m = (Map<?, ?>) sent.get(i);
            if (List.of("*").equals(m.get("symbols")) && ((Number) m.get("throttleMs")).longValue() == doubled / 2) {
                table = i;
            }
        }
        assertTrue(table >= 0 && table + 1 < sent.size(), "a `*` subscribe at " + doubled / 2 + " ms, then more: " + sent);
        Map<?, ?> chart = (Map<?, ?>) sent.get(table + 1);
        assertEquals(List.of(page.feedText("selected")), chart.get("symbols"), "the charted symbol named next " + sent);
        assertEquals(0L, ((Number) chart.get("throttleMs")).longValue(), "the charted symbol unthrottled " + chart);
        if (doubled / 2 == TABLE_THROTTLE_MS) {
            assertFalse(page.lastingNotice().contains("table throttled"), page.lastingNotice());
        } else {
            assertTrue(page.lastingNotice().contains("table throttled to " + doubled / 2 + " ms and easing"),
                    page.lastingNotice());
        }
        assertEquals(gaps, page.feed("gaps"), "gaps on the charted symbol while the throttle eased");
    }

    /**
     * A price of 16 characters (5,000,000 with 8 decimals) widens the table's price columns past the quotes
     * panel's usual 640 px. The panel grows with them (app.css lets it take up to 65 % of the window), so no
     * column is scrolled out of view, and the chart's header wraps its figures rather than cut them off.
     */
    @Test
    void aWidePriceWidensTheQuotesPanelAndTheChartHeaderKeepsEveryFigureInView() throws Exception {
        openDashboard();
        assertEquals(201, operator("POST", "/api/simulator/symbols",
                "{\"symbol\":\"" + WIDE + "\",\"price\":5000000,\"decimals\":8}"));
        page.await(WIDE + " priced in the table", d -> page.rows().contains(WIDE) && page.cell(WIDE, "last").length() == 16);
        page.clickRow(WIDE);
        page.await(WIDE + " charted", d -> WIDE.equals(page.chartSymbol()));
        page.await(() -> "every column in view: table scroll width, client width " + page.js("return " + TABLE_WIDTHS),
                d -> Boolean.TRUE.equals(page.js("const [scroll, client] = " + TABLE_WIDTHS + "; return scroll <= client;")));
        page.await(() -> "every chart figure inside the header: " + page.js("return " + CHART_HEAD_OUTSIDE),
                d -> ((List<?>) page.js("return " + CHART_HEAD_OUTSIDE + ";")).isEmpty());
    }

    /**
     * In a window as narrow as a phone's, the header's figures wrap onto more lines instead of running out of
     * view: the gap counter the page is built around stays readable.
     */
    @Test
    void aNarrowWindowWrapsTheHeaderFiguresInsteadOfHidingThem() {
        // Narrower than a desktop window may be: the page's viewport is set as a phone's would be.
        browser.driver().executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", NARROW_WIDTH,
                "height", HeadlessChromium.HEIGHT, "deviceScaleFactor", 1, "mobile", false));
        openDashboard();
        assertEquals(NARROW_WIDTH, ((Number) page.js("return window.innerWidth;")).intValue(),
                "the page's width");
        page.await(() -> "every header figure in view: " + page.js("return " + HEADER_FIGURES_OUT_OF_VIEW),
                d -> ((List<?>) page.js("return " + HEADER_FIGURES_OUT_OF_VIEW + ";")).isEmpty());
    }

    /** @return a server on ephemeral loopback ports with a market of this size and rate */
    private static ServerConfig market(int symbols, double tickRate) {
        return ServerConfig.DEFAULTS.with(Option.STREAM_PORT, 0).with(Option.HTTP_PORT, 0)
                .with(Option.SYMBOLS, symbols).with(Option.TICK_RATE, tickRate);
    }

    /**
     * Opens the page on {@link #droppingMarket()} and reads it once it is live, throttle and reconnect count in one
     * script: this busy a server may drop the page while it loads, and a reconnect still pending then would pass
     * for the one after the test's own drop.
     *
     * @return the page, live
     */
    private Settled openOnADroppingMarket() {
        return openLiveOn(droppingMarket());
    }

    /**
     * Like {@link #openOnADroppingMarket()}, on a server of this configuration.
     *
     * @param config a configuration derived from {@link #droppingMarket()}
     * @return the page, live
     */
    private Settled openLiveOn(ServerConfig config) {
        restartServer(config);
        openDashboard();
        List<?> read = page.await("the page live", d -> (List<?>) page.js("""
                return document.getElementById('conn').dataset.state === arguments[0]
                    ? [window.pricefeed.tableThrottleMs, window.pricefeed.reconnects] : null;""", DashboardPage.LIVE));
        Settled settled = new Settled(((Number) read.get(0)).longValue(), ((Number) read.get(1)).longValue());
        // 250 ms unless this busy a server already dropped the page while it loaded: then it is doubled.
        assertTrue(settled.throttleMs >= TABLE_THROTTLE_MS && settled.throttleMs < MAX_TABLE_THROTTLE_MS,
                "throttle before: " + settled.throttleMs);
        return settled;
    }

    /**
     * A live page's table throttle and how often it has reconnected.
     *
     * @param throttleMs the table's throttle
     * @param reconnects the page's reconnects so far
     */
    private record Settled(long throttleMs, long reconnects) {

        /** @return the table's throttle after one more slow-consumer drop */
        long doubled() {
            return Math.min(MAX_TABLE_THROTTLE_MS, 2 * throttleMs);
        }
    }

    /** @return a market this fast on a server this strict: a page that stops reading is dropped within 100 ms */
    private static ServerConfig droppingMarket() {
        return market(SYMBOLS, FAST_TICK_RATE).with(Option.OUTBOUND_BUDGET, (int) (16 * 1024))
                .with(Option.MAX_LAG, Duration.ofMillis(100)).with(Option.SEND_BUFFER, 4 * 1024);
    }

    private void restartServer(ServerConfig config) {
        server.close();
        server = null;
        server = FeedServer.start(config);
    }

    /** @return feed_slow_consumer_disconnects_total, from the server's /metrics */
    private double slowConsumerDrops() throws IOException, InterruptedException {
        return MetricsScrape.sample(MetricsScrape.scrape(server.httpPort()), "feed_slow_consumer_disconnects_total");
    }

    /** @return the status of an operator request (loopback: no token needed) */
    private int operator(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
        request = json == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private void openDashboard() {
        browser.driver().get("http://127.0.0.1:" + server.httpPort() + "/");
        page.awaitLiveWithRows(SYMBOLS);
        assertEquals(SYMBOLS, page.rows().size());
    }

    /**
     * Fails on SEVERE console entries since the previous check.
     *
     * @param restarting whether the stream port was closed meanwhile: refused connects are expected then
     */
    private void assertNoUnexpectedConsoleEntries(boolean restarting) {
        List<String> unexpected = new ArrayList<>();
        for (LogEntry entry : browser.drainConsole()) {
            boolean expected = restarting && REFUSED.matcher(entry.getMessage()).find();
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !expected) {
                unexpected.add(entry.getMessage());
            }
        }
        assertEquals(List.of(), unexpected, "SEVERE console entries");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** @return the one socket opened since recording began, once it has sent something; else null */
    private static Map<String, Object> reopened(List<Map<String, Object>> sockets) {
        List<Map<String, Object>> opened = sockets.stream().filter(s -> s.get("openedAt") != null).toList();
        assertTrue(opened.size() <= 1, "one reconnect, not " + opened.size());
        return opened.isEmpty() || ((List<?>) opened.get(0).get("sent")).isEmpty() ? null : opened.get(0);
    }

    /** The charted symbol is asked for first, with its last seq and the epoch (PROTOCOL.md section 4). */
    private long assertResumeRequest(Map<String, Object> socket) {
        Map<?, ?> first = (Map<?, ?>) ((List<?>) socket.get("sent")).get(0);
        assertEquals("subscribe", first.get("op"), "first request " + first);
        assertEquals(List.of(CHARTED), first.get("symbols"), "first request " + first);
        assertEquals(page.feedText("epoch"), first.get("epoch"), "first request " + first);
        Object from = ((Map<?, ?>) first.get("from")).get(CHARTED);
        assertTrue(from instanceof Number, "first request " + first);
        return ((Number) from).longValue();
    }

    /** On the new socket the charted symbol goes on at the next seq: ticks only, no snapshot, no gap. */
    private static void assertContinuesFrom(long resumedFrom, Map<String, Object> socket) {
        List<String> charted = ((List<?>) socket.get("received")).stream()
                .map(m -> (Map<?, ?>) m)
                .filter(m -> CHARTED.equals(m.get("symbol")))
                .map(m -> m.get("type") + " " + m.get("seq"))
                .toList();
        List<String> expected = LongStream.rangeClosed(resumedFrom + 1, resumedFrom + charted.size())
                .mapToObj(seq -> "tick " + seq).toList();
        assertTrue(charted.size() >= RESUMED_TICKS, CHARTED + " on the new socket: " + charted);
        assertEquals(expected, charted, CHARTED + " on the new socket");
    }

    private static Long positive(long value) {
        return value > 0 ? value : null;
    }

    private long activeConnections() {
        String metrics;
        try {
            metrics = MetricsScrape.scrape(server.httpPort());
        } catch (IOException e) {
            throw new IllegalStateException("GET /metrics failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Matcher m = Pattern.compile("(?m)^feed_connections_active(?:\\{[^}]*})? ([0-9.]+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }
}
