// The /stream protocol (PROTOCOL.md section 4) on top of a Connection: the throttled table
// subscription (`*`, or an explicit list when the market has more symbols than the server lets one
// connection hold), the unthrottled charted symbol, resume after reconnect, epoch changes, and
// routing ticks to the model.

import { ChartSequencer, Mode } from './sequencer.js';
import { TableThrottle } from './throttle.js';

const SYMBOLS_QUERY_DELAY_MS = 200; // batch `symbols` queries when several new symbols appear
const TABLE_RETRY_MS = 2000; // after a refused explicit table subscribe, try again this much later
const HELD_CHECK_HEARTBEATS = 3; // over the limit, what the connection holds is asked for again this often
const MIN_HELD_CHECK_MS = 2000;

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
   *   onStaleSymbols asks for a fresh symbol list
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
    this.throttle = new TableThrottle((ms, relaxed) => listener.onThrottle(ms, relaxed));
    this.maxSymbols = null; // the server's per-connection limit, from /api/info or a refusal
    this.explicit = false; // this connection names the table's symbols instead of `*`
    this.tableHeld = new Set(); // explicit mode: throttled symbols held (the charted one apart)
    this.chartHeld = false; // the server holds the charted symbol unthrottled
    this.chartRequest = null; // id of the charted symbol's subscribe in flight
    this.reviewDue = false;
    this.retryTimer = 0;
    this.streamedCount = 0; // symbols this connection receives, as updateCoverage() last counted
    this.heldCheckMs = null; // from the server's heartbeat interval
    this.heldCheck = 0;
  }

  /** @param {number} ms the server's heartbeatIntervalMs, which paces the explicit-list check */
  setHeartbeatInterval(ms) {
    if (Number.isFinite(ms) && ms > 0) this.heldCheckMs = Math.max(MIN_HELD_CHECK_MS, HELD_CHECK_HEARTBEATS * ms);
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
    if (Number.isInteger(max) && max > 0 && max !== this.maxSymbols) {
      this.maxSymbols = max;
      this.symbolsChanged();
    }
  }

  /** Called on every (re)open of the socket. */
  onOpen() {
    this.pending.clear();
    this.tableHeld.clear();
    this.chartHeld = false;
    this.chartRequest = null;
    this.explicit = this.overLimit();
    this.throttle.connected(() => this.rethrottleTable());
    // The charted symbol first: its resume must reach the server before the table subscribes it
    // with a snapshot.
    if (this.charted) this.subscribeCharted(true);
    if (this.explicit) {
      this.reconcile();
      return;
    }
    this.subscribeWildcard('table');
    this.updateCoverage();
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
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    clearInterval(this.heldCheck);
    this.heldCheck = 0;
    // Dropped as a slow consumer (1008): the next connection asks for less; the chart stays unthrottled.
    this.throttle.disconnected(code);
  }

  /**
   * Sends the table's new throttle on the open socket: the latest subscribe for a symbol sets it.
   * `*` in a market that grew past the limit would be refused; that socket keeps the old interval.
   */
  rethrottleTable() {
    if (this.explicit) {
      if (this.tableHeld.size) this.subscribeThrottled([...this.tableHeld], 'rethrottle');
    } else if (!this.overLimit()) {
      this.subscribeWildcard('rethrottle');
    }
  }

  /**
   * `*` at the table's throttle. The latest subscribe for a symbol sets its throttle, `*` included,
   * so the charted symbol is named once more right after to stay unthrottled.
   * @param {string} purpose
   */
  subscribeWildcard(purpose) {
    this.subscribeThrottled(['*'], purpose);
    if (this.charted && !this.market.get(this.charted)?.removed) {
      this.request({ op: 'subscribe', symbols: [this.charted], throttleMs: 0 }, 'unthrottle');
    }
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
    const old = previous && this.market.get(previous);
    if (!this.explicit && this.overLimit() && !this.market.get(symbol)?.streamed) {
      // The market grew past the limit under `*`, which holds all it may: name the table instead.
      this.leaveWildcard();
      return;
    }
    if (this.explicit) {
      this.tableHeld.delete(symbol);
      if (old && !old.removed) this.tableHeld.add(previous);
      this.reconcile(previous, () => this.subscribeCharted(false));
      return;
    }
    if (old && !old.removed) {
      this.subscribeThrottled([previous], 'rethrottle');
    }
    this.subscribeCharted(false);
    this.updateCoverage();
  }

  subscribeCharted(resume) {
    const symbol = this.charted;
    const lastSeq = this.sequencer.lastSeq;
    let id;
    if (resume && lastSeq != null && this.epoch) {
      id = this.request({ op: 'subscribe', symbols: [symbol], from: { [symbol]: lastSeq }, epoch: this.epoch }, 'chart');
      this.sequencer.beginResume(id);
    } else {
      id = this.request({ op: 'subscribe', symbols: [symbol], throttleMs: 0 }, 'chart');
      this.sequencer.beginBaseline(id);
    }
    this.chartRequest = id;
  }

  /** Subscribes at the table's throttle. @param {string[]} symbols @param {string} purpose */
  subscribeThrottled(symbols, purpose) {
    this.request({ op: 'subscribe', symbols, throttleMs: this.throttleMs }, purpose);
  }

  /** @returns {boolean} whether the market has more symbols than one connection may hold */
  overLimit() {
    return this.maxSymbols != null && this.market.liveCount() > this.maxSymbols;
  }

  /**
   * From `*` to an explicit list with the charted symbol in it: `*` is dropped whole first (it also
   * holds symbols added later while there is room), so the named list fits within the limit.
   */
  leaveWildcard() {
    this.explicit = true;
    this.tableHeld.clear();
    this.chartHeld = false;
    this.request({ op: 'unsubscribe', symbols: ['*'] }, 'untable');
    this.reconcile(null, () => this.subscribeCharted(false));
  }

  /** The table's symbols when the market is over the limit: the first ones in the feed's order. */
  desiredTable() {
    const room = this.maxSymbols - 1; // one stays for the charted symbol
    const out = new Set();
    for (const quote of this.market.quotes.values()) {
      if (out.size >= room) break;
      if (!quote.removed && quote.symbol !== this.charted) out.add(quote.symbol);
    }
    return out;
  }

  /**
   * Explicit mode: makes the held table symbols the desired ones. Unsubscribes come first, so the
   * connection never holds more than the limit, then the optional chart step, then subscribes.
   * @param {string|null} rethrottle a symbol leaving the chart that stays in the table
   * @param {(() => void)|null} chartStep sends the charted symbol's subscribe, between the two
   */
  reconcile(rethrottle = null, chartStep = null) {
    const desired = this.desiredTable();
    const drop = [...this.tableHeld].filter((s) => !desired.has(s));
    if (drop.length) {
      drop.forEach((s) => this.tableHeld.delete(s));
      this.request({ op: 'unsubscribe', symbols: drop }, 'untable');
    }
    if (rethrottle && this.tableHeld.has(rethrottle)) {
      this.subscribeThrottled([rethrottle], 'rethrottle');
    }
    chartStep?.();
    const add = [...desired].filter((s) => !this.tableHeld.has(s));
    if (add.length) {
      add.forEach((s) => this.tableHeld.add(s));
      this.subscribeThrottled(add, 'table');
    }
    if (!this.heldCheck && this.heldCheckMs) this.heldCheck = setInterval(() => this.checkHeld(), this.heldCheckMs);
    this.updateCoverage();
  }

  /**
   * Over the limit, a symbol removed and added again between two symbol lists ends its named
   * subscription without a word (PROTOCOL-EXTENSIONS.md) and looks unchanged in the next list.
   * Asking again for what this connection holds changes nothing for what it still holds (a
   * second subscribe is idempotent) and brings the rest back with a snapshot; the charted symbol
   * is asked for as a resume, so its seqs stay checked.
   */
  checkHeld() {
    if (!this.connection.isOpen || !this.explicit) return;
    if (this.tableHeld.size) {
      this.subscribeThrottled([...this.tableHeld], 'table');
    }
    if (this.charted && this.chartHeld && this.chartRequest == null) this.subscribeCharted(true);
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

  review() {
    if (!this.connection.isOpen) {
      this.updateCoverage();
      return;
    }
    const charted = this.charted && this.market.get(this.charted);
    if (charted?.removed) this.chartHeld = false; // the removal took it off this connection
    else if (charted && !this.chartHeld && this.chartRequest == null) {
      // It is back (or a subscribe of it failed): chart it unthrottled again, from its new snapshot.
      this.sequencer.reset(this.charted);
      if (this.explicit) this.reconcile(null, () => this.subscribeCharted(false));
      else this.subscribeCharted(false);
      return;
    }
    if (!this.explicit && this.overLimit()) {
      // `*` took what fitted; symbols added past the limit are not streamed until the next connection.
      this.updateCoverage();
      return;
    }
    if (this.explicit) this.reconcile();
    else this.updateCoverage();
  }

  /** Marks each quote streamed or not, and reports how many are. */
  updateCoverage() {
    let total = 0;
    let streamed = 0;
    // With `*` the server took symbols in the feed's order until its limit.
    let room = this.explicit || this.maxSymbols == null ? Infinity : this.maxSymbols;
    for (const quote of this.market.quotes.values()) {
      if (quote.removed) continue;
      total++;
      let on;
      if (this.explicit) on = quote.symbol === this.charted || this.tableHeld.has(quote.symbol);
      else on = room-- > 0 || quote.symbol === this.charted;
      if (on) streamed++;
      this.market.setStreamed(quote.symbol, on);
    }
    this.streamedCount = streamed;
    this.listener.onCoverage(streamed, total);
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
        if (m.symbol !== this.charted) this.acceptThrottled(m);
        else if (m.type === 'snapshot' && this.isNewIncarnation()) this.rechart(m);
        else this.sequencer.accept(m);
        return;
      case 'subscribed':
        this.onSubscribed(m);
        return;
      case 'symbols':
        this.pending.delete(m.id);
        if (Array.isArray(m.symbols)) this.market.define(m.symbols, false);
        return;
      case 'pong': {
        const request = this.pending.get(m.id);
        if (request) this.rttMs = performance.now() - request.sentAt;
        this.pending.delete(m.id);
        return;
      }
      case 'heartbeat':
        this.counts.heartbeats++; // nothing to answer: it only proves the connection is alive
        return;
      case 'error':
        this.onError(m);
        return;
      default:
        // unsubscribed, or a type from a later protocol version: nothing to do
        this.pending.delete(m.id);
    }
  }

  /**
   * A held subscription never gets a second snapshot, and every subscribe of the charted symbol
   * is answered before this is asked: a snapshot of it outside one means it was removed and added
   * again (`*` brings it back, throttled) or the epoch changed.
   */
  isNewIncarnation() {
    const mode = this.sequencer.mode;
    return this.chartRequest == null && (mode === Mode.STRICT || mode === Mode.IDLE);
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
    this.listener.onData(m, charted, !(charted && this.sequencer.mode === Mode.RESUME));
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
      if (m.code === 'limit_exceeded' && !this.explicit && this.connection.isOpen) {
        // `*` already holds all it may (the market grew): name the table with the charted symbol in it.
        this.maxSymbols = limitOf(m.message) ?? this.maxSymbols;
        if (this.maxSymbols != null) this.leaveWildcard();
      }
    }
    if (request && m.code === 'unknown_symbol') {
      // Removed before we heard of it: the reply names them (JSON-MESSAGES.md), so grey them out.
      const asked = new Set(request.message.symbols ?? []);
      for (const symbol of unknownSymbols(m.message)) if (asked.has(symbol)) this.market.markRemoved(symbol);
    }
    if (request && request.purpose === 'table') this.tableRefused(request, m);
    this.listener.onError(m);
  }

  /** A table subscribe was refused: nothing of it is held. */
  tableRefused(request, m) {
    if (!this.explicit) {
      if (m.code !== 'limit_exceeded') return;
      // `*` is over the limit (the market grew, or its size was unknown): name a part instead.
      this.explicit = true;
      this.maxSymbols = limitOf(m.message) ?? this.maxSymbols ?? this.market.liveCount();
      this.request({ op: 'symbols' }, 'symbols');
      this.reconcile();
      return;
    }
    for (const symbol of request.message.symbols) this.tableHeld.delete(symbol);
    this.updateCoverage();
    if (m.code !== 'unknown_symbol') this.listener.onStaleSymbols();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = 0;
      if (this.connection.isOpen && this.explicit) this.reconcile();
    }, TABLE_RETRY_MS);
  }

  /** Asks the stream for symbol specs soon (a symbol appeared that /api/symbols did not list). */
  querySymbolsSoon() {
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

/** @returns {string[]} the symbols an unknown_symbol message names ("unknown symbols: A, B") */
function unknownSymbols(message) {
  const colon = typeof message === 'string' ? message.indexOf(':') : -1;
  return colon < 0 ? [] : message.slice(colon + 1).split(',').map((s) => s.trim()).filter(Boolean);
}

/** @returns {number|null} N of a limit_exceeded message ("too many symbols: at most N per connection") */
function limitOf(message) {
  const match = /at most (\d+)/.exec(typeof message === 'string' ? message : '');
  return match ? Number(match[1]) : null;
}
