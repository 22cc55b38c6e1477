// The page's model: one Quote per symbol (latest prices, open, decimals, recent history).
// Views subscribe to changes; nothing here touches the DOM.

import { impliedDecimals } from './format.js';
import { Series, BACKGROUND_POINTS, CHART_POINTS } from './series.js';

export const HISTORY_MS = 5 * 60_000; // what the chart can show
const HISTORY_SLACK_MS = 10_000;

/** Latest state of one symbol. */
export class Quote {
  /** @param {string} symbol @param {number} decimals @param {boolean} decimalsKnown */
  constructor(symbol, decimals, decimalsKnown) {
    this.symbol = symbol;
    this.decimals = decimals;
    this.decimalsKnown = decimalsKnown;
    this.open = null; // price at the start of the run
    this.openFromServer = false;
    this.bid = null;
    this.ask = null;
    this.last = null;
    this.volume = null;
    this.seq = null;
    this.ts = null; // µs of the latest tick
    this.snapshotAt = 0; // page time of the latest snapshot: the symbol was live then
    this.returnTs = null; // ms of a snapshot that may have brought the symbol back as a new incarnation
    this.returnSeenAt = 0; // page time of that snapshot
    this.returnDue = false; // a listing gave a new open before the snapshot that brings the symbol back
    this.removed = false;
    this.streamed = true; // false when the connection's symbol limit leaves it out
    this.series = new Series(BACKGROUND_POINTS);
  }

  /** @returns {number|null} change of last since open */
  get change() {
    return this.last == null || this.open == null ? null : this.last - this.open;
  }

  /** @returns {number|null} change since open in percent */
  get changePercent() {
    return this.last == null || !this.open ? null : ((this.last - this.open) / this.open) * 100;
  }
}

export class Market {
  /**
   * @param {{onQuote: (q: Quote) => void, onAdded: (q: Quote) => void, onUndefined: (symbol: string) => void,
   *          onMembership: (q: Quote) => void}} listener
   *   onQuote for any change of a quote, onAdded when a symbol first appears, onUndefined when a
   *   symbol came from the stream whose decimals we do not know yet, onMembership when a symbol
   *   was removed or came back
   */
  constructor(listener) {
    this.listener = listener;
    /** @type {Map<string, Quote>} in display order */
    this.quotes = new Map();
    this.charted = null;
  }

  /** @param {string} symbol @returns {Quote|undefined} */
  get(symbol) {
    return this.quotes.get(symbol);
  }

  /** @returns {string|null} the first symbol in display order */
  first() {
    for (const symbol of this.quotes.keys()) return symbol;
    return null;
  }

  /**
   * Merges a symbol list: from /api/symbols (complete = true: symbols not listed are gone)
   * or a stream `symbols` reply.
   * @param {Array<{symbol: string, decimals: number, open?: number}>} list
   * @param {number|null} askedAt for a list of every live symbol, when it was asked for: a symbol left out
   *   is marked removed unless a snapshot of it came after that (it was added while the answer was on its
   *   way); null for a partial list
   */
  define(list, askedAt) {
    const listed = new Set();
    for (const spec of list) {
      if (!spec || typeof spec.symbol !== 'string') continue;
      listed.add(spec.symbol);
      let quote = this.quotes.get(spec.symbol);
      const decimals = Number.isInteger(spec.decimals) ? spec.decimals : null;
      if (!quote) quote = this.add(spec.symbol, decimals ?? 2, decimals != null);
      else if (decimals != null) {
        quote.decimals = decimals;
        quote.decimalsKnown = true;
      }
      // A listing asked for before a possible return may carry the old incarnation's open.
      if (typeof spec.open === 'number' && !(askedAt != null && askedAt < quote.returnSeenAt)) {
        this.setOpen(quote, spec.open);
      }
      this.restore(quote);
      this.listener.onQuote(quote);
    }
    if (askedAt == null) return;
    for (const quote of this.quotes.values()) {
      if (!listed.has(quote.symbol) && !(quote.snapshotAt > askedAt)) this.markRemoved(quote.symbol);
    }
  }

  /**
   * Within an epoch a symbol's open changes only when it was removed and added again: its change is
   * then measured from the new open, and its chart starts where it came back instead of joining the
   * old incarnation's prices to the new ones.
   * @param {Quote} quote @param {number} open the server's
   */
  setOpen(quote, open) {
    if (quote.openFromServer && open !== quote.open) {
      if (quote.returnTs != null) quote.series.startAt(quote.returnTs);
      else quote.returnDue = true;
    }
    quote.open = open;
    quote.openFromServer = true;
    quote.returnTs = null;
  }

  /**
   * A snapshot the page did not ask for: the symbol may have been removed and added again, which
   * only a listing's `open` tells. Remembers where its chart would start, or starts it there when a
   * listing already gave a new open.
   * @param {{symbol: string, ts: number}} snapshot
   */
  possibleReturn(snapshot) {
    const quote = this.quotes.get(snapshot.symbol);
    if (!quote) return;
    quote.returnSeenAt = Date.now();
    if (quote.returnDue) {
      quote.series.startAt(snapshot.ts / 1000);
      quote.returnDue = false;
    } else {
      quote.returnTs = snapshot.ts / 1000;
    }
  }

  /**
   * Greys a symbol out. Only a listing or a snapshot brings it back: a conflated tick may still
   * arrive just after the removal.
   * @param {string} symbol
   */
  markRemoved(symbol) {
    const quote = this.quotes.get(symbol);
    if (!quote || quote.removed) return;
    quote.removed = true;
    this.listener.onQuote(quote);
    this.listener.onMembership(quote);
  }

  restore(quote) {
    if (!quote.removed) return;
    quote.removed = false;
    this.listener.onMembership(quote);
  }

  /**
   * @param {string} symbol
   * @param {boolean} streamed whether this connection receives it
   */
  setStreamed(symbol, streamed) {
    const quote = this.quotes.get(symbol);
    if (!quote || quote.streamed === streamed) return;
    quote.streamed = streamed;
    this.listener.onQuote(quote);
  }

  /** @returns {number} symbols not removed */
  liveCount() {
    let n = 0;
    for (const quote of this.quotes.values()) if (!quote.removed) n++;
    return n;
  }

  add(symbol, decimals, decimalsKnown) {
    const quote = new Quote(symbol, decimals, decimalsKnown);
    if (symbol === this.charted) quote.series.setMaxPoints(CHART_POINTS);
    this.quotes.set(symbol, quote);
    this.listener.onAdded(quote);
    this.listener.onMembership(quote);
    return quote;
  }

  /** Gives the charted symbol a deep history buffer. @param {string|null} symbol */
  setCharted(symbol) {
    const old = this.quotes.get(this.charted);
    if (old) old.series.setMaxPoints(BACKGROUND_POINTS);
    this.charted = symbol;
    const quote = this.quotes.get(symbol);
    if (quote) quote.series.setMaxPoints(CHART_POINTS);
  }

  /**
   * Applies a tick or snapshot (callers have checked its seq).
   * @param {{symbol: string, seq: number, ts: number, bid: number, ask: number, last: number, volume: number}} m
   * @returns {Quote} the updated quote
   */
  apply(m) {
    let quote = this.quotes.get(m.symbol);
    if (!quote) {
      quote = this.add(m.symbol, impliedDecimals(m.last), false);
      this.listener.onUndefined(m.symbol);
    }
    if (!quote.decimalsKnown) {
      quote.decimals = Math.max(quote.decimals, impliedDecimals(m.bid), impliedDecimals(m.ask), impliedDecimals(m.last));
    }
    quote.bid = m.bid;
    quote.ask = m.ask;
    quote.last = m.last;
    if (m.volume != null) quote.volume = m.volume;
    quote.seq = m.seq;
    quote.ts = m.ts;
    if (m.type === 'snapshot') {
      quote.snapshotAt = Date.now();
      this.restore(quote);
    }
    if (quote.open == null) quote.open = m.last;
    const t = m.ts / 1000;
    quote.series.push(t, m.bid, m.ask, m.last);
    quote.series.trimBefore(Math.max(t, Date.now()) - HISTORY_MS - HISTORY_SLACK_MS);
    this.listener.onQuote(quote);
    return quote;
  }

  /** A new run of the tick source: seqs, opens and history start again. */
  resetEpoch() {
    for (const quote of this.quotes.values()) {
      quote.seq = null;
      quote.open = null; // until /api/symbols is read again, or the first price of the run
      quote.openFromServer = false;
      quote.returnTs = null;
      quote.returnDue = false;
      quote.series.clear();
    }
  }

  /** @returns {Object<string, number>} each symbol's latest applied seq */
  lastSeqs() {
    const out = {};
    for (const quote of this.quotes.values()) if (quote.seq != null) out[quote.symbol] = quote.seq;
    return out;
  }
}
