// The /stream protocol (PROTOCOL.md section 4) on top of a Connection: request ids and replies,
// the unthrottled charted symbol and its resume after reconnect, epoch changes, and routing ticks
// to the model. Which symbols the table subscribes is tableplan.js's call; this module sends it.

import { ChartSequencer, Mode } from './sequencer.js';
import { TableThrottle } from './throttle.js';
import { FeedLag } from './lag.js';
import { STALLED } from './connection.js';
import { TableSymbolPlan } from './tableplan.js';
import { limitOf, unknownSymbols } from './refusals.js';

const SYMBOLS_QUERY_DELAY_MS = 200; // batch `symbols` queries when several new symbols appear
const LAG_EVIDENCE_MS = 5000; // how recent the page's lag must be to explain an abnormal close
const CHART_RETRY_MS = 1000; // a chart subscribe refused for too many messages a second is asked again after this
const OPENS_CHECK_DELAY_MS = 50; // batch the listing asked for when symbols may have come back

/** One page's session on the stream across reconnects: what the chart and the table ask, and every reply. */
export class Feed {
  /**
   * @param {import('./connection.js').Connection} connection
   * @param {import('./market.js').Market} market
   * @param {{onEpoch: (epoch: string, previous: string|null) => void, onError: (message: object) => void,
   *          onData: (message: object, charted: boolean, live: boolean) => void,
   *          onCoverage: (streamed: number, total: number) => void,
   *          onThrottle: (ms: number, relaxed: boolean) => void,
   *          onStaleSymbols: () => void}} listener
   *   onData's `live` is false for ticks replayed after a reconnect (their ts is not a latency);
   *   onCoverage tells how many symbols the connection streams (streamed = total when all);
   *   onThrottle reports a new table throttle (relaxed: halved, else doubled after a drop);
   *   onStaleSymbols asks for a fresh symbol list (/api/symbols, whose `open` the stream does not carry)
   */
  constructor(connection, market, listener) {
    this.connection = connection;
    this.market = market;
    this.listener = listener;
    this.epoch = null;
    this.charted = null;
    this.pending = new Map(); // request id -> what it was for
    this.sequencer = new ChartSequencer((message) => this.deliver(message, true));
    this.counts = { ticks: 0, snapshots: 0, heartbeats: 0, errors: 0 };
    this.rttMs = null;
    this.symbolsQuery = 0;
    this.chartRetry = 0;
    this.resumeSentAt = 0; // when the charted symbol's resume was asked for, until its first live tick
    this.symbolsWanted = false; // a `symbols` query is due until its reply comes, on this socket or a later one
    this.throttle = new TableThrottle((ms, relaxed) => listener.onThrottle(ms, relaxed));
    this.lag = new FeedLag();
    this.plan = new TableSymbolPlan(market, {
      isOpen: () => this.connection.isOpen,
      charted: () => this.charted,
      subscribe: (symbols, purpose) => this.request({ op: 'subscribe', symbols, throttleMs: this.throttleMs }, purpose),
      unsubscribe: (symbols) => this.request({ op: 'unsubscribe', symbols }, 'untable'),
      querySymbols: () => this.request({ op: 'symbols' }, 'symbols'),
      unthrottleChart: () => {
        if (this.charted && !this.market.get(this.charted)?.removed) {
          this.request({ op: 'subscribe', symbols: [this.charted], throttleMs: 0 }, 'unthrottle');
        }
      },
      chartDropped: () => { this.chartHeld = false; },
      checkChart: () => {
        if (!this.chartHeld) this.review(); // after a refused subscribe, asks again where the plan has room
        else if (this.chartRequest == null) this.subscribeCharted(true);
      },
    }, listener);
    this.chartHeld = false; // the server holds the charted symbol unthrottled
    this.chartRequest = null; // id of the charted symbol's subscribe in flight
    this.reviewDue = false;
    this.delivered = new Set(); // symbols this socket has sent a tick or snapshot of, since it last gave them up
    this.opensCheck = 0;
  }

  /** @param {number} ms the server's heartbeatIntervalMs, which paces the plan's check and the throttle's easing */
  setHeartbeatInterval(ms) {
    this.plan.setHeartbeatInterval(ms);
    this.throttle.setHeartbeatInterval(ms);
  }

  /** @returns {number} the table's conflation interval */
  get throttleMs() {
    return this.throttle.ms;
  }

  /** @param {string|null} epoch the epoch /api/info reported, if any */
  setKnownEpoch(epoch) {
    if (this.epoch == null && epoch) this.epoch = epoch;
  }

  /** @param {number|null|undefined} max the server's maxSymbolsPerConnection */
  setSymbolLimit(max) {
    if (this.plan.setSymbolLimit(max)) this.symbolsChanged();
  }

  /** Called on every (re)open of the socket. */
  onOpen() {
    this.pending.clear();
    this.delivered.clear();
    this.chartHeld = false;
    this.chartRequest = null;
    this.throttle.connected(() => this.plan.rethrottle());
    // The charted symbol first, its resume ahead of the table's snapshot of it; one known removed would be refused.
    if (this.charted && !this.market.get(this.charted)?.removed) this.subscribeCharted(true);
    this.plan.opened();
    if (this.symbolsWanted) this.querySymbolsSoon(); // its timer fired on a closed socket, or its reply was lost
  }

  /** Keeps the connection visibly alive; the pong also gives a round-trip time. */
  ping() {
    this.request({ op: 'ping' }, 'ping');
  }

  /** @param {number} code the close code */
  onClose(code) {
    this.pending.clear();
    this.sequencer.suspend();
    this.chartHeld = false;
    this.chartRequest = null;
    this.plan.closed();
    clearTimeout(this.chartRetry);
    this.chartRetry = 0;
    // Dropped as a slow consumer: the next connection asks for less; the chart stays unthrottled.
    this.throttle.disconnected(this.droppedAsSlow(code));
    // The evidence was this socket's (a later connect that fails is no drop); the next one measures anew.
    this.lag.reset();
  }

  /**
   * @param {number} code how the socket closed
   * @returns {boolean} whether the server dropped this page as a slow consumer: it said so (1008), or the
   *   socket ended without a close frame (1006) or went silent (the page's 4000) while the page itself
   *   was behind the feed, where the 1008 may have been lost (lag.js)
   */
  droppedAsSlow(code) {
    if (code === 1008) return true;
    if (code !== 1006 && code !== STALLED) return false;
    return this.lag.wasBehind(Math.max(LAG_EVIDENCE_MS, this.connection.silenceLimitMs + 1000));
  }

  /**
   * Charts another symbol: its ticks unthrottled, the previous one back on the throttle.
   * Choosing the charted symbol again subscribes it again if its subscription was lost.
   * @param {string} symbol
   */
  select(symbol) {
    if (symbol === this.charted) {
      this.symbolsChanged();
      return;
    }
    const previous = this.charted;
    this.charted = symbol;
    this.market.setCharted(symbol);
    this.sequencer.reset(symbol);
    this.chartHeld = false;
    this.chartRequest = null;
    if (!this.connection.isOpen) return;
    this.plan.chartMoved(symbol, previous, () => this.subscribeCharted(false));
  }

  subscribeCharted(resume) {
    const symbol = this.charted;
    const lastSeq = this.sequencer.lastSeq;
    let id;
    if (resume && lastSeq != null && this.epoch) {
      id = this.request({ op: 'subscribe', symbols: [symbol], from: { [symbol]: lastSeq }, epoch: this.epoch }, 'chart');
      this.resumeSentAt = Date.now();
      this.sequencer.beginResume(id);
    } else {
      id = this.request({ op: 'subscribe', symbols: [symbol], throttleMs: 0 }, 'chart');
      this.resumeSentAt = 0;
      this.sequencer.beginBaseline(id);
    }
    this.chartRequest = id;
  }

  /** Symbols were added, removed or came back: follow them (batched to once per task). */
  symbolsChanged() {
    if (this.reviewDue) return;
    this.reviewDue = true;
    queueMicrotask(() => {
      this.reviewDue = false;
      this.review();
    });
  }

  /** @param {{ts: number}} m a message of the charted symbol @returns {boolean} whether a resume replays it */
  replayed(m) {
    return this.resumeSentAt > 0 && this.lag.madeBefore(m.ts, this.resumeSentAt);
  }

  /** The charted symbol's subscribe was refused for the inbound message rate: asks again once it has passed. */
  retryChartSoon() {
    clearTimeout(this.chartRetry);
    this.chartRetry = setTimeout(() => {
      this.chartRetry = 0;
      this.review();
    }, CHART_RETRY_MS);
  }

  /** On the open socket the charted symbol's part comes first; the table's plan does the rest. */
  review() {
    const charted = this.connection.isOpen && this.charted && this.market.get(this.charted);
    if (charted?.removed) this.chartHeld = false; // the removal took it off this connection
    else if (charted && !this.chartHeld && this.chartRequest == null) {
      // It is back (or a subscribe of it failed): chart it unthrottled again, from its new snapshot.
      this.sequencer.reset(this.charted);
      this.plan.placeChart(() => this.subscribeCharted(false));
      return;
    }
    this.plan.review();
  }

  request(message, purpose) {
    const id = this.connection.request(message);
    if (id != null) this.pending.set(id, { purpose, sentAt: performance.now(), message });
    return id;
  }

  /** @param {object} m one server message */
  onMessage(m) {
    switch (m.type) {
      case 'tick':
      case 'snapshot':
        if (typeof m.symbol !== 'string' || !Number.isFinite(m.seq)) return;
        this.noteDelivery(m);
        if (m.symbol !== this.charted) this.acceptThrottled(m);
        else if (m.type === 'snapshot' && this.isNewIncarnation(m)) this.rechart(m);
        else this.sequencer.accept(m);
        return;
      case 'subscribed':
        this.onSubscribed(m);
        return;
      case 'symbols':
        this.pending.delete(m.id);
        this.symbolsWanted = false;
        if (Array.isArray(m.symbols)) this.market.define(m.symbols, null);
        return;
      case 'pong': {
        this.lag.record(m.ts);
        const request = this.pending.get(m.id);
        if (request) this.rttMs = performance.now() - request.sentAt;
        this.pending.delete(m.id);
        return;
      }
      case 'heartbeat':
        this.lag.record(m.ts);
        this.counts.heartbeats++; // nothing to answer: it only proves the connection is alive
        return;
      case 'error':
        this.onError(m);
        return;
      case 'unsubscribed': {
        const request = this.pending.get(m.id);
        this.pending.delete(m.id);
        // Replies come in order: nothing of these symbols follows, and a later subscribe brings a snapshot.
        if (request?.purpose === 'untable') this.forgetDelivered(request.message.symbols);
        return;
      }
      default:
        // a type from a later protocol version: nothing to do
        this.pending.delete(m.id);
    }
  }

  /**
   * A held subscription never gets a second snapshot (PROTOCOL.md): a snapshot of a symbol this socket
   * already sent something of, or of one known removed, most likely brings back a symbol removed and
   * added again, whose open is new. So may the first snapshots after a reconnect: the page was away.
   * The stream does not carry opens: the listing is asked for soon.
   * @param {{type: string, symbol: string}} m a tick or snapshot
   */
  noteDelivery(m) {
    const again = this.delivered.has(m.symbol);
    if (!again) this.delivered.add(m.symbol);
    const reconnected = this.connection.opens > 1;
    if (m.type !== 'snapshot' || !(again || reconnected || this.market.get(m.symbol)?.removed)) return;
    this.market.possibleReturn(m);
    if (this.opensCheck) return;
    this.opensCheck = setTimeout(() => {
      this.opensCheck = 0;
      this.listener.onStaleSymbols();
    }, OPENS_CHECK_DELAY_MS);
  }

  /** @param {string[]} symbols given up by an unsubscribe (`*`: every one) */
  forgetDelivered(symbols) {
    if (!Array.isArray(symbols)) return;
    if (symbols.includes('*')) this.delivered.clear();
    else for (const symbol of symbols) this.delivered.delete(symbol);
  }

  /**
   * A held subscription never gets a second snapshot, and every subscribe of the charted symbol
   * is answered before this is asked: a snapshot of it outside one means it was removed and added
   * again (`*` brings it back, throttled) or the epoch changed, unless it answers a resume from
   * beyond the server's history.
   * @param {{type: string, seq: number}} snapshot a snapshot of the charted symbol
   */
  isNewIncarnation(snapshot) {
    const mode = this.sequencer.mode;
    return this.chartRequest == null && (mode === Mode.STRICT || mode === Mode.IDLE)
      && !this.sequencer.answersResume(snapshot);
  }

  /** Charts the new incarnation unthrottled again; its snapshot starts the sequencing anew. */
  rechart(snapshot) {
    const id = this.request({ op: 'subscribe', symbols: [snapshot.symbol], throttleMs: 0 }, 'chart');
    this.chartHeld = false;
    this.chartRequest = id;
    this.sequencer.restartFrom(snapshot, id);
  }

  acceptThrottled(m) {
    const quote = this.market.get(m.symbol);
    if (quote && quote.seq != null && m.seq <= quote.seq) return; // stale or repeated snapshot
    this.deliver(m, false);
  }

  deliver(m, charted) {
    if (m.type === 'tick') this.counts.ticks++;
    else this.counts.snapshots++;
    this.market.apply(m);
    // A throttled tick waits for its interval on purpose, and a replayed one is old: neither is lag. The
    // resume's reply may come before its replay, so a tick made before the resume was asked for is replayed.
    const live = !(charted && (this.sequencer.mode === Mode.RESUME || this.replayed(m)));
    if (charted && live && m.type === 'tick') {
      this.resumeSentAt = 0;
      this.lag.record(m.ts);
    }
    this.listener.onData(m, charted, live);
  }

  onSubscribed(m) {
    const request = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.epoch && m.epoch !== this.epoch) {
      const previous = this.epoch;
      this.epoch = m.epoch;
      if (previous != null) {
        this.market.resetEpoch();
        this.sequencer.epochReset();
      }
      this.listener.onEpoch(m.epoch, previous);
    }
    if (request && request.purpose === 'chart') {
      if (m.id === this.chartRequest) {
        this.chartRequest = null;
        this.chartHeld = true;
      }
      this.sequencer.onSubscribed(m.id);
    }
  }

  onError(m) {
    this.counts.errors++;
    const request = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (request && request.purpose === 'chart') {
      if (m.id === this.chartRequest) {
        this.chartRequest = null;
        this.chartHeld = false; // a refused subscribe holds nothing
      }
      this.sequencer.onFailed(m.id);
      if (m.code === 'limit_exceeded' && this.connection.isOpen) {
        // Over the symbol limit the plan makes room; too many messages a second (no limit in the text) is
        // no reason to leave `*`: the chart asks again once that second has passed.
        if (limitOf(m.message) != null) this.plan.chartOverLimit(m.message, () => this.subscribeCharted(false));
        else this.retryChartSoon();
      }
    }
    if (request && m.code === 'unknown_symbol') {
      // Removed before we heard of it: the reply names them (JSON-MESSAGES.md), so grey them out.
      const asked = new Set(request.message.symbols ?? []);
      for (const symbol of unknownSymbols(m.message)) if (asked.has(symbol)) this.market.markRemoved(symbol);
    }
    if (request && request.purpose === 'table') this.plan.refused(request.message.symbols, m.code, m.message);
    this.listener.onError(m);
  }

  /** Asks the stream for symbol specs soon (a symbol appeared that /api/symbols did not list). */
  querySymbolsSoon() {
    this.symbolsWanted = true;
    if (this.symbolsQuery) return;
    this.symbolsQuery = setTimeout(() => {
      this.symbolsQuery = 0;
      this.request({ op: 'symbols' }, 'symbols');
    }, SYMBOLS_QUERY_DELAY_MS);
  }

  /** @returns {number} gap events on the charted symbol */
  get gaps() {
    return this.sequencer.gaps;
  }
}
