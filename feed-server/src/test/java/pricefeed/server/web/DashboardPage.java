package pricefeed.server.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard as a test sees it: the stable element ids of {@code index.html}, the table's
 * {@code data-symbol}/{@code data-field} cells and the read-only {@code window.pricefeed} object.
 * Every wait is bounded and names what it waited for.
 */
final class DashboardPage {

    static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(50);

    /** Connection states, as in {@code connection.js} and {@code #conn[data-state]}. */
    static final String LIVE = "live";

    private final WebDriver driver;

    DashboardPage(WebDriver driver) {
        this.driver = driver;
    }

    /**
     * Waits, polling, until the condition gives something other than null or false.
     *
     * @param what     what is awaited, for the failure message
     * @param until    the condition
     * @param <T>      what it yields
     * @return the condition's first useful value
     */
    <T> T await(String what, ExpectedCondition<T> until) {
        return await(() -> what, until);
    }

    /**
     * Like {@link #await(String, ExpectedCondition)}, with a message built when the wait fails.
     *
     * @param what  what was awaited and what was seen instead
     * @param until the condition
     * @param <T>   what it yields
     * @return the condition's first useful value
     */
    <T> T await(Supplier<String> what, ExpectedCondition<T> until) {
        return new WebDriverWait(driver, WAIT, POLL).withMessage(what).until(until);
    }

    /** @return the connection state shown in the header */
    String state() {
        return driver.findElement(By.id("conn")).getDomAttribute("data-state");
    }

    /** @return the symbols of the table's rows, in display order */
    List<String> rows() {
        return driver.findElements(By.cssSelector("#quotes-body tr[data-symbol]")).stream()
                .map(tr -> tr.getDomAttribute("data-symbol")).toList();
    }

    /**
     * Waits until the stream is live and the table has {@code count} rows, each with a last price.
     *
     * @param count the symbols the server simulates
     */
    void awaitLiveWithRows(int count) {
        await(() -> "state live and " + count + " priced rows (state " + stateOrNull() + ", rows " + rows() + ")",
                d -> LIVE.equals(state()) && rows().size() == count
                        && number("Object.keys(window.pricefeed.lastSeq).length") == count);
    }

    private String stateOrNull() {
        try {
            return state();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * @param symbol a row
     * @param field  {@code bid|ask|last|change|changePct|volume}
     * @return the cell's text as shown
     */
    String cell(String symbol, String field) {
        return driver.findElement(By.cssSelector(
                "#quotes-body tr[data-symbol='" + symbol + "'] td[data-field='" + field + "']")).getText();
    }

    /**
     * @param symbol a row
     * @return its last price, parsed from the cell's text
     */
    double last(String symbol) {
        return Double.parseDouble(cell(symbol, "last"));
    }

    /** @return the symbols of the rows marked as not streamed, in display order */
    List<String> unstreamedRows() {
        return driver.findElements(By.cssSelector("#quotes-body tr.unstreamed")).stream()
                .map(tr -> tr.getDomAttribute("data-symbol")).toList();
    }

    /**
     * @param symbol a row
     * @return its class attribute (e.g. {@code selected removed}), empty when none
     */
    String rowClass(String symbol) {
        String cls = driver.findElement(By.cssSelector("#quotes-body tr[data-symbol='" + symbol + "']"))
                .getDomAttribute("class");
        return cls == null ? "" : cls;
    }

    /** @return the footer's latest note (why a connection closed, a stream error) */
    String notice() {
        return driver.findElement(By.id("notice")).getDomProperty("textContent");
    }

    /** @return the footer's lasting notice (conditions that last, such as a partial stream) */
    String lastingNotice() {
        return driver.findElement(By.id("lasting")).getDomProperty("textContent");
    }

    /** Clicks a symbol's row, which charts it. @param symbol the row */
    void clickRow(String symbol) {
        driver.findElement(By.cssSelector("#quotes-body tr[data-symbol='" + symbol + "'] th")).click();
    }

    /** @return the symbol named above the chart */
    String chartSymbol() {
        return driver.findElement(By.id("chart-symbol")).getText();
    }

    /**
     * @param expression JavaScript yielding a number, e.g. {@code window.pricefeed.gaps}
     * @return its value, or -1 when it is null or undefined
     */
    long number(String expression) {
        Object value = js("const v = " + expression + "; return v == null ? -1 : v;");
        return ((Number) value).longValue();
    }

    /**
     * @param property a property of {@code window.pricefeed}, e.g. {@code chartSeq}
     * @return its value as a number, or -1 when it is null
     */
    long feed(String property) {
        return number("window.pricefeed." + property);
    }

    /**
     * @param property a property of {@code window.pricefeed}, e.g. {@code chartMode}
     * @return its value as text
     */
    String feedText(String property) {
        return String.valueOf(js("return window.pricefeed." + property + ";"));
    }

    /**
     * @param script a function body run in the page
     * @return what it returns (numbers as Long or Double, arrays as List, objects as Map)
     */
    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * From now on, remembers every state {@code #conn} takes, so a test can tell that it left
     * {@code live} even when it was back before the test looked.
     */
    void recordStates() {
        js("""
                const conn = document.getElementById('conn');
                window.__statesSeen = [];
                new MutationObserver(() => window.__statesSeen.push(conn.dataset.state))
                    .observe(conn, { attributes: true, attributeFilter: ['data-state'] });
                """);
    }

    /** @return the states recorded since {@link #recordStates()} */
    @SuppressWarnings("unchecked")
    List<String> statesSeen() {
        return (List<String>) js("return window.__statesSeen;");
    }

    /**
     * Reconnects the page; its next socket (and every later one) sends its first requests only this long
     * after it opens, as on a slow network, while the market ticks on.
     *
     * @param delay how late the page's open handler runs
     */
    void reconnectWithLateRequests(Duration delay) {
        js("""
                window.__openDelayMs = arguments[0];
                window.WebSocket = class extends window.WebSocket {
                  set onopen(handler) { super.onopen = (e) => setTimeout(() => handler(e), window.__openDelayMs); }
                  get onopen() { return super.onopen; }
                };
                window.pricefeed.reconnect();
                """, delay.toMillis());
    }

    /**
     * Records the traffic of every WebSocket the page opens from now on, by putting a recording subclass
     * in place of the global constructor (the page looks it up on each connect). Sockets already open
     * are not recorded.
     */
    void recordNextSockets() {
        js("""
                window.__sockets = [];
                const Native = window.WebSocket;
                window.WebSocket = class extends Native {
                  constructor(...args) {
                    super(...args);
                    const log = { sent: [], received: [], openedAt: null };
                    window.__sockets.push(log);
                    this.addEventListener('open', () => { log.openedAt = Date.now(); });
                    this.addEventListener('message', (e) => {
                      const m = JSON.parse(e.data);
                      for (const one of Array.isArray(m) ? m : [m]) log.received.push(one);
                    });
                  }
                  send(data) {
                    window.__sockets[window.__sockets.length - 1].sent.push(JSON.parse(data));
                    super.send(data);
                  }
                };
                """);
    }

    /** @return per socket opened since {@link #recordNextSockets()}: {@code sent}, {@code received}, {@code openedAt} */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> recordedSockets() {
        return (List<Map<String, Object>>) js("return window.__sockets;");
    }

    /** Opens the operator panel unless it is open, and waits for its controls. */
    void openOperator() {
        await("the operator toggle (GET /api/simulator/access)",
                d -> d.findElement(By.id("op-toggle")).isDisplayed());
        if (!driver.findElement(By.id("operator")).isDisplayed()) {
            driver.findElement(By.id("op-toggle")).click();
        }
        await("the operator controls", d -> d.findElement(By.id("op-shock-apply")).isDisplayed());
    }

    /**
     * Fills the shock form and applies it.
     *
     * @param symbol  the symbol to shock
     * @param percent the move, e.g. {@code "-20"}
     */
    void shock(String symbol, String percent) {
        type("op-shock-symbol", symbol);
        type("op-shock-percent", percent);
        driver.findElement(By.id("op-shock-apply")).click();
    }

    /** Clicks the operator panel's Restart. */
    void restartSimulator() {
        driver.findElement(By.id("op-restart")).click();
    }

    /** @return the outcome beside the panel's run buttons (Pause, Resume, Restart) */
    WebElement runNote() {
        return driver.findElement(By.id("op-run-error"));
    }

    private void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /**
     * Removes a symbol through the operator panel's form (open it first): the page marks it removed as
     * soon as the server has answered.
     *
     * @param symbol the symbol to remove
     */
    void removeSymbol(String symbol) {
        type("op-edit-symbol", symbol);
        driver.findElement(By.id("op-remove")).click();
    }

    /**
     * Holds back, in the page, the next message with this {@code op} that names {@code symbol}, as if the
     * page had sent it later; {@link #releaseHeldMessage()} sends it. Patches {@code WebSocket.prototype.send},
     * so the socket already open is covered.
     *
     * @param op     {@code subscribe} or {@code unsubscribe}
     * @param symbol a symbol the message names
     */
    void holdNextMessage(String op, String symbol) {
        js("""
                const [op, symbol] = arguments;
                const send = WebSocket.prototype.send;
                window.__heldSend = null;
                WebSocket.prototype.send = function (data) {
                  const m = JSON.parse(data);
                  if (m.op === op && m.symbols.includes(symbol)) {
                    WebSocket.prototype.send = send;
                    window.__heldSend = () => send.call(this, data);
                    return;
                  }
                  send.call(this, data);
                };
                """, op, symbol);
    }

    /** @return whether {@link #holdNextMessage(String, String)} holds a message back */
    boolean messageHeld() {
        return Boolean.TRUE.equals(js("return window.__heldSend != null;"));
    }

    /** Sends the message held back, on the socket it was meant for. */
    void releaseHeldMessage() {
        js("window.__heldSend(); window.__heldSend = null;");
    }

    /**
     * For {@link HeadlessChromium#beforePageScripts(String)}: the page's {@code GET api/info} is made only
     * on {@link #releaseApiInfo()}, as if the web listener were slow to answer.
     */
    static final String HOLD_API_INFO = """
            const realFetch = window.fetch;
            window.fetch = (input, init) => {
              if (!String(input).endsWith('/api/info')) return realFetch(input, init);
              return new Promise((resolve, reject) => {
                window.__releaseApiInfo = () => realFetch(input, { ...init, signal: undefined }).then(resolve, reject);
              });
            };
            """;

    /** Lets the {@code GET api/info} that {@link #HOLD_API_INFO} holds back go. */
    void releaseApiInfo() {
        await("the page's GET api/info", d -> js("return typeof window.__releaseApiInfo === 'function';"));
        js("window.__releaseApiInfo();");
    }

    /** @return the note beside the shock form: empty, a success ({@code op-ok}) or an error */
    WebElement shockNote() {
        return driver.findElement(By.id("op-shock-error"));
    }
}
