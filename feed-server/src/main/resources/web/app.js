// Wiring: finds the stream, builds the model, the views and the feed, and exposes
// window.pricefeed for automated tests. Behaviour lives in the modules it imports.

import { getJson } from './api.js';
import { Connection, State, STALLED } from './connection.js';
import { Feed } from './feed.js';
import { TABLE_THROTTLE_MS } from './throttle.js';
import { Market, HISTORY_MS } from './market.js';
import { QuoteTable } from './table.js';
import { PriceChart } from './chart.js';
import { StatusBar } from './statusbar.js';
import { OperatorPanel } from './operator.js';
import { RateMeter, LatencyWindow } from './stats.js';
import { formatPrice, formatSignedPrice, formatPercent } from './format.js';

const SYMBOLS_REFRESH_MS = 60_000;
const STATUS_REFRESH_MS = 500;
const FIRST_SYMBOLS_WAIT_MS = 2000; // how long the first connect waits to know the chart symbol
const CONNECT_FETCH_TIMEOUT_MS = 5000; // a hung web listener must not keep the page in `connecting`

const $ = (id) => document.getElementById(id);
const streamOverride = new URLSearchParams(location.search).get('stream');

const status = new StatusBar(document);
const rate = new RateMeter();
const latency = new LatencyWindow(5000);
let messages = 0;
let info = null;

const table = new QuoteTable($('quotes-body'), (symbol) => select(symbol));
const chart = new PriceChart($('chart'), HISTORY_MS, renderChartHeader);
const market = new Market({
  onAdded(quote) {
    table.add(quote);
    $('quotes-empty').hidden = true;
    if (!feed.charted) select(quote.symbol);
  },
  onQuote(quote) {
    table.update(quote);
    if (quote.symbol === feed.charted) chartChanged();
  },
  onUndefined: () => feed.querySymbolsSoon(),
  onMembership: () => feed.symbolsChanged(),
});

const connection = new Connection(resolveStreamUrl, {
  onOpen: () => feed.onOpen(),
  onMessage(message) {
    messages++;
    rate.record(Date.now());
    feed.onMessage(message);
  },
  onState(state) {
    status.setState(state, connection.retryAt);
    chart.setLive(state === State.LIVE);
  },
  onClose({ code, reason }) {
    feed.onClose(code);
    if (code === STALLED) status.note(`feed stalled: ${reason}; reconnecting`);
    else if (code === 1008) status.note(`disconnected by the server: ${reason || 'policy'} (1008)`);
    else if (code !== 1000 && code !== 1005) status.note(`connection closed (${code}${reason ? ': ' + reason : ''})`);
  },
  onPingDue: () => feed.ping(),
});

const feed = new Feed(connection, market, {
  onData(m, charted, live) {
    // Only unthrottled ticks: the table's conflation delays its ticks on purpose.
    if (m.type === 'tick' && live && charted) latency.record(Date.now(), Date.now() - m.ts / 1000);
  },
  onEpoch(epoch, previous) {
    if (previous == null) return;
    status.note(`new epoch ${epoch} (was ${previous}): the tick source restarted`);
    for (const quote of market.quotes.values()) table.update(quote);
    chartChanged();
    loadSymbols();
  },
  onError(m) {
    status.note(`stream error ${m.code ?? ''}: ${m.message ?? ''}`);
  },
  onCoverage(streamed, total) {
    status.lasting('coverage', streamed < total
      ? `streaming ${streamed} of ${total} symbols (server limit ${feed.plan.maxSymbols} per connection)` : '');
  },
  onThrottle(ms, relaxed) {
    if (ms <= TABLE_THROTTLE_MS) {
      status.lasting('throttle', '');
      status.note(`table throttle back to ${ms} ms: the page kept up`);
    } else {
      status.lasting('throttle', `table throttled to ${ms} ms ${relaxed ? 'and easing' : 'after a slow-consumer drop'}`
        + ' (the chart stays unthrottled)');
    }
  },
  onStaleSymbols: () => loadSymbols(),
});

/** The stream URL: ?stream= wins; otherwise /api/info on the host that served the page. */
async function resolveStreamUrl() {
  if (streamOverride) return streamOverride;
  try {
    info = await getJson('api/info', CONNECT_FETCH_TIMEOUT_MS);
    applyInfo(info);
  } catch (e) {
    if (!info) throw e; // keep using the last known port while the web listener is away
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const port = info.streamPort ?? 8081;
  const path = info.streamPath ?? '/stream';
  return `${scheme}//${location.hostname}:${port}${path}`;
}

/** @param {object} i the /api/info answer */
function applyInfo(i) {
  feed.setKnownEpoch(i.epoch);
  feed.setSymbolLimit(i.maxSymbolsPerConnection);
  // Each setter ignores a value that is not a positive number.
  connection.setHeartbeatInterval(i.heartbeatIntervalMs);
  feed.setHeartbeatInterval(i.heartbeatIntervalMs);
}

async function loadSymbols() {
  try {
    const askedAt = Date.now();
    const list = await getJson('api/symbols', CONNECT_FETCH_TIMEOUT_MS);
    if (Array.isArray(list)) market.define(list, askedAt);
  } catch (e) {
    // the stream fills the table anyway; the next refresh tries again
  }
}

function select(symbol) {
  if (!market.get(symbol)) return;
  feed.select(symbol);
  table.select(symbol);
  chart.show(market.get(symbol));
  chartChanged();
}

function chartChanged() {
  chart.invalidate();
}

/** The figures above the chart; drawn in the chart's frame so both show the same tick. */
function renderChartHeader() {
  const quote = market.get(feed.charted);
  if (!quote) return;
  const d = quote.decimals;
  const set = (id, text) => {
    const el = $(id);
    if (el.textContent !== text) el.textContent = text;
  };
  set('chart-symbol', quote.symbol);
  set('chart-last', formatPrice(quote.last, d));
  set('chart-change', `${formatSignedPrice(quote.change, d)} ${formatPercent(quote.changePercent)}`);
  set('chart-bid', formatPrice(quote.bid, d));
  set('chart-ask', formatPrice(quote.ask, d));
  set('chart-seq', feed.sequencer.lastSeq == null ? '\u2014' : String(feed.sequencer.lastSeq));
  const change = $('chart-change');
  const sign = quote.change == null ? 0 : Math.sign(quote.change);
  change.className = 'num' + (sign > 0 ? ' pos' : sign < 0 ? ' neg' : '');
}

function refreshStatus() {
  const now = Date.now();
  const { p50, p99 } = latency.percentiles(now);
  status.update({
    epoch: feed.epoch, rate: rate.perSecond(now), p50, p99, ticks: feed.counts.ticks,
    gaps: feed.gaps, missed: feed.sequencer.missed, symbols: market.liveCount(),
  });
}

const operator = new OperatorPanel(document, {
  onSymbolsChanged: () => loadSymbols(),
  onRemoved: (symbol) => market.markRemoved(symbol),
  onSymbolsListed: (list, askedAt) => market.define(list, askedAt),
});

/** Read-only state for automated tests (and curious humans in the console). */
window.pricefeed = Object.freeze({
  get state() { return connection.state; },
  get epoch() { return feed.epoch; },
  get ticks() { return feed.counts.ticks; },
  get snapshots() { return feed.counts.snapshots; },
  get messages() { return messages; },
  get gaps() { return feed.gaps; },
  get errors() { return feed.counts.errors; },
  get missed() { return feed.sequencer.missed; },
  get duplicates() { return feed.sequencer.duplicates; },
  get lastSeq() { return market.lastSeqs(); },
  get selected() { return feed.charted; },
  get chartSeq() { return feed.sequencer.lastSeq; },
  get chartMode() { return feed.sequencer.mode; },
  get chartPoints() { return market.get(feed.charted)?.series.length ?? 0; },
  get chartSpanMs() {
    const s = market.get(feed.charted)?.series;
    return s && s.length ? s.t[s.index(s.length - 1)] - s.t[s.index(0)] : 0;
  },
  get reconnects() { return Math.max(0, connection.opens - 1); },
  get lastClose() { return connection.lastClose; },
  get symbols() { return market.quotes.size; },
  get msgRate() { return rate.perSecond(Date.now()); },
  get latency() { return latency.percentiles(Date.now()); },
  get rttMs() { return feed.rttMs; },
  get streamed() { return feed.plan.streamedCount; },
  get symbolLimit() { return feed.plan.maxSymbols; },
  get explicit() { return feed.plan.explicit; },
  get tableThrottleMs() { return feed.throttleMs; },
  get chartHeld() { return feed.chartHeld; },
  get silenceLimitMs() { return connection.silenceLimitMs; },
  get streamUrl() { return connection.socket?.url ?? null; },
  select,
  reconnect: () => connection.reconnectNow(),
});

async function start() {
  status.setState(State.CONNECTING, 0);
  setInterval(refreshStatus, STATUS_REFRESH_MS);
  setInterval(loadSymbols, SYMBOLS_REFRESH_MS);
  operator.checkAccess();
  if (streamOverride) getJson('api/info', CONNECT_FETCH_TIMEOUT_MS).then(applyInfo, () => {});
  // Knowing the symbols first lets the first connect subscribe the chart symbol at once.
  await Promise.race([loadSymbols(), new Promise((resolve) => setTimeout(resolve, FIRST_SYMBOLS_WAIT_MS))]);
  connection.start();
}

start();
