// The /stream protocol (PROTOCOL.md section 4) on top of a Connection: the throttled `*`
// subscription for the table, the unthrottled charted symbol, resume after reconnect,
// epoch changes, and routing ticks to the model.

import { ChartSequencer, Mode } from './sequencer.js';

export const TABLE_THROTTLE_MS = 250;
const SYMBOLS_QUERY_DELAY_MS = 200; // batch `symbols` queries when several new symbols appear

export class Feed {
  /**
   * @param {import('./connection.js').Connection} connection
   * @param {import('./market.js').Market} market
   * @param {{onEpoch: (epoch: string, previous: string|null) => void, onError: (message: object) => void,
   *          onData: (message: object, charted: boolean, live: boolean) => void}} listener
   *   onData's `live` is false for ticks replayed after a reconnect (their ts is not a latency)
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
  }

  /** @param {string|null} epoch the epoch /api/info reported, if any */
  setKnownEpoch(epoch) {
    if (this.epoch == null && epoch) this.epoch = epoch;
  }

  /** Called on every (re)open of the socket. */
  onOpen() {
    this.pending.clear();
    // The charted symbol first: its resume must reach the server before `*` subscribes it with a
    // snapshot. The latest subscribe for a symbol sets its throttle, `*` included, so the charted
    // symbol is named once more after `*` to stay unthrottled.
    if (this.charted) this.subscribeCharted(true);
    this.request({ op: 'subscribe', symbols: ['*'], throttleMs: TABLE_THROTTLE_MS }, 'table');
    if (this.charted) this.request({ op: 'subscribe', symbols: [this.charted], throttleMs: 0 }, 'unthrottle');
  }

  /** Keeps the connection visibly alive; the pong also gives a round-trip time. */
  ping() {
    this.request({ op: 'ping' }, 'ping');
  }

  onClose() {
    this.pending.clear();
    this.sequencer.suspend();
  }

  /**
   * Charts another symbol: its ticks unthrottled, the previous one back on the throttle.
   * @param {string} symbol
   */
  select(symbol) {
    if (symbol === this.charted) return;
    const previous = this.charted;
    this.charted = symbol;
    this.market.setCharted(symbol);
    this.sequencer.reset(symbol);
    if (!this.connection.isOpen) return;
    const old = previous && this.market.get(previous);
    if (old && !old.removed) {
      this.request({ op: 'subscribe', symbols: [previous], throttleMs: TABLE_THROTTLE_MS }, 'rethrottle');
    }
    this.subscribeCharted(false);
  }

  subscribeCharted(resume) {
    const symbol = this.charted;
    const lastSeq = this.sequencer.lastSeq;
    if (resume && lastSeq != null && this.epoch) {
      const id = this.request({ op: 'subscribe', symbols: [symbol], from: { [symbol]: lastSeq }, epoch: this.epoch }, 'chart');
      this.sequencer.beginResume(id);
    } else {
      const id = this.request({ op: 'subscribe', symbols: [symbol] }, 'chart');
      this.sequencer.beginBaseline(id);
    }
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
        if (m.symbol === this.charted) this.sequencer.accept(m);
        else this.acceptThrottled(m);
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
    if (request && request.purpose === 'chart') this.sequencer.onSubscribed(m.id);
  }

  onError(m) {
    this.counts.errors++;
    const request = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (request && request.purpose === 'chart') this.sequencer.onFailed(m.id);
    this.listener.onError(m);
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
