// Which symbols the quote table subscribes: `*`, or an explicit list when the market has more
// symbols than the server lets one connection hold (the first limit - 1 in the feed's order, one
// place kept for the charted symbol), kept in step as symbols come and go, and which rows that
// leaves streamed. It decides; the feed sends, through the narrow TablePort below.

import { limitOf } from './refusals.js';
import { DEFAULT_HEARTBEAT_MS } from './throttle.js';

const TABLE_RETRY_MS = 2000; // after a refused explicit table subscribe, try again this much later
const HELD_CHECK_HEARTBEATS = 3; // over the limit, what the connection holds is asked for again this often
const MIN_HELD_CHECK_MS = 2000;

/**
 * What the plan needs from the stream session, which holds the charted symbol unthrottled apart
 * from the table. A refused subscribe sent with purpose 'table' is to come back through refused();
 * one sent with 'held' or 'rethrottle' names symbols already held, which its refusal leaves held.
 * @typedef {object} TablePort
 * @property {() => boolean} isOpen whether the socket is open
 * @property {() => string|null} charted the charted symbol
 * @property {(symbols: string[], purpose: 'table'|'held'|'rethrottle') => void} subscribe at the table's
 *   throttle (`*` included)
 * @property {(symbols: string[]) => void} unsubscribe what the table gives up (`*` included)
 * @property {() => void} querySymbols asks the stream for its symbol list now
 * @property {() => void} unthrottleChart names the charted symbol unthrottled again, unless it was removed
 * @property {() => void} chartDropped the charted symbol's subscription went with an unsubscribe of `*`
 * @property {() => void} checkChart the periodic check of what is held, for the charted symbol: asks
 *   for it again, also when a subscribe of it was refused
 */

/**
 * The table's symbol plan for one page: `*` while the market fits the server's per-connection
 * limit, else an explicit list. Mode and held symbols are per connection: opened() starts them.
 */
export class TableSymbolPlan {
  /**
   * @param {import('./market.js').Market} market the symbols, in the feed's order; told which are streamed
   * @param {TablePort} port how the plan's requests reach the stream
   * @param {{onCoverage: (streamed: number, total: number) => void, onStaleSymbols: () => void}} listener
   *   onCoverage tells how many symbols the connection streams (streamed = total when all);
   *   onStaleSymbols asks for a fresh symbol list (a refusal suggests the page's is out of date)
   */
  constructor(market, port, listener) {
    this.market = market;
    this.port = port;
    this.listener = listener;
    this.maxSymbols = null; // the server's per-connection limit, from /api/info or a refusal
    this.explicit = false; // this connection names the table's symbols instead of `*`
    this.tableHeld = new Set(); // explicit mode: throttled symbols held (the charted one apart)
    this.retryTimer = 0;
    this.streamedCount = 0; // symbols this connection receives, as updateCoverage() last counted
    this.heldCheckMs = HELD_CHECK_HEARTBEATS * DEFAULT_HEARTBEAT_MS; // until the server's interval is known
    this.heldCheck = 0;
  }

  /** @param {number} ms the server's heartbeatIntervalMs, which paces the explicit-list check */
  setHeartbeatInterval(ms) {
    if (!Number.isFinite(ms) || ms <= 0) return;
    this.heldCheckMs = Math.max(MIN_HELD_CHECK_MS, HELD_CHECK_HEARTBEATS * ms);
    if (this.heldCheck) this.startHeldCheck(); // /api/info came after the connection's first reconcile
  }

  /**
   * @param {number|null|undefined} max the server's maxSymbolsPerConnection
   * @returns {boolean} whether the limit changed (the plan is then due for a review())
   */
  setSymbolLimit(max) {
    if (!Number.isInteger(max) || max <= 0 || max === this.maxSymbols) return false;
    this.maxSymbols = max;
    return true;
  }

  /** A socket opened (after the charted symbol's subscribe): subscribes the table from scratch. */
  opened() {
    this.tableHeld.clear();
    this.explicit = this.overLimit();
    if (this.explicit) {
      this.reconcile();
      return;
    }
    this.subscribeWildcard('table');
    this.updateCoverage();
  }

  /** The socket closed: nothing is retried or checked until the next one opens. */
  closed() {
    clearTimeout(this.retryTimer);
    this.retryTimer = 0;
    clearInterval(this.heldCheck);
    this.heldCheck = 0;
  }

  /**
   * Sends the table's new throttle on the open socket: the latest subscribe for a symbol sets it.
   * `*` in a market that grew past the limit would be refused; that socket keeps the old interval.
   */
  rethrottle() {
    if (this.explicit) {
      if (this.tableHeld.size) this.port.subscribe([...this.tableHeld], 'rethrottle');
    } else if (!this.overLimit()) {
      this.subscribeWildcard('rethrottle');
    }
  }

  /**
   * The chart moved on the open socket: the symbol it left goes back to the table's throttle, the one
   * it charts leaves the table.
   * @param {string} symbol the newly charted symbol
   * @param {string|null} previous the symbol charted before
   * @param {() => void} chartStep sends the newly charted symbol's unthrottled subscribe
   */
  chartMoved(symbol, previous, chartStep) {
    const old = previous && this.market.get(previous);
    if (!this.explicit && this.overLimit() && !this.market.get(symbol)?.streamed) {
      // The market grew past the limit under `*`, which holds all it may: name the table instead.
      this.leaveWildcard(chartStep);
      return;
    }
    if (this.explicit) {
      this.tableHeld.delete(symbol);
      if (old && !old.removed) this.tableHeld.add(previous);
      this.reconcile(previous, chartStep);
      return;
    }
    if (old && !old.removed) {
      this.port.subscribe([previous], 'rethrottle');
    }
    chartStep();
    this.updateCoverage();
  }

  /**
   * Subscribes the charted symbol again where the plan has room for it: in explicit mode between
   * the table's unsubscribes and subscribes, under `*` at once.
   * @param {() => void} chartStep sends the charted symbol's unthrottled subscribe
   */
  placeChart(chartStep) {
    if (this.explicit) this.reconcile(null, chartStep);
    else chartStep();
  }

  /** Symbols were added, removed or came back: follows them on the open socket, recounts otherwise. */
  review() {
    // Under `*` nothing is sent: it holds symbols added later while there is room, and symbols
    // added past the limit are not streamed until the next connection.
    if (this.explicit && this.port.isOpen()) this.reconcile();
    else this.updateCoverage();
  }

  /**
   * The charted symbol's subscribe was refused as over the limit. Under `*`, which already holds all
   * it may (the market grew), the table is named instead, with the charted symbol in it. A named
   * table leaves room for it: the periodic check asks for it again.
   * @param {string} message the error's message, which may tell the limit
   * @param {() => void} chartStep sends the charted symbol's unthrottled subscribe
   */
  chartOverLimit(message, chartStep) {
    if (this.explicit) return;
    this.maxSymbols = limitOf(message) ?? this.maxSymbols;
    if (this.maxSymbols != null) this.leaveWildcard(chartStep);
  }

  /**
   * A subscribe sent with purpose 'table' (symbols not held before) was refused: nothing of it is held.
   * @param {string[]} symbols what it asked for
   * @param {string} code the error's code
   * @param {string} message the error's message
   */
  refused(symbols, code, message) {
    if (!this.explicit) {
      const limit = limitOf(message); // null for the other limit_exceeded, too many messages a second
      if (code !== 'limit_exceeded' || limit == null) return;
      // `*` is over the limit (the market grew, or its size was unknown): name a part instead.
      this.explicit = true;
      this.maxSymbols = limit;
      this.port.querySymbols();
      this.reconcile();
      return;
    }
    for (const symbol of symbols) this.tableHeld.delete(symbol);
    this.updateCoverage();
    if (code !== 'unknown_symbol') this.listener.onStaleSymbols();
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = 0;
      if (this.port.isOpen() && this.explicit) this.reconcile();
    }, TABLE_RETRY_MS);
  }

  /**
   * `*` at the table's throttle. The latest subscribe for a symbol sets its throttle, `*` included,
   * so the charted symbol is named once more right after to stay unthrottled.
   * @param {'table'|'rethrottle'} purpose
   */
  subscribeWildcard(purpose) {
    this.port.subscribe(['*'], purpose);
    this.port.unthrottleChart();
  }

  /** @returns {boolean} whether the market has more symbols than one connection may hold */
  overLimit() {
    return this.maxSymbols != null && this.market.liveCount() > this.maxSymbols;
  }

  /**
   * From `*` to an explicit list with the charted symbol in it: `*` is dropped whole first (it also
   * holds symbols added later while there is room), so the named list fits within the limit.
   * @param {() => void} chartStep sends the charted symbol's unthrottled subscribe
   */
  leaveWildcard(chartStep) {
    this.explicit = true;
    this.tableHeld.clear();
    this.port.chartDropped();
    this.port.unsubscribe(['*']);
    this.reconcile(null, chartStep);
  }

  /** The table's symbols when the market is over the limit: the first ones in the feed's order. */
  desiredTable() {
    const room = this.maxSymbols - 1; // one stays for the charted symbol
    const charted = this.port.charted();
    const out = new Set();
    for (const quote of this.market.quotes.values()) {
      if (out.size >= room) break;
      if (!quote.removed && quote.symbol !== charted) out.add(quote.symbol);
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
      this.port.unsubscribe(drop);
    }
    if (rethrottle && this.tableHeld.has(rethrottle)) {
      this.port.subscribe([rethrottle], 'rethrottle');
    }
    chartStep?.();
    const add = [...desired].filter((s) => !this.tableHeld.has(s));
    if (add.length) {
      add.forEach((s) => this.tableHeld.add(s));
      this.port.subscribe(add, 'table');
    }
    if (!this.heldCheck) this.startHeldCheck();
    this.updateCoverage();
  }

  /** (Re)starts the periodic check of what is held, every heldCheckMs. */
  startHeldCheck() {
    clearInterval(this.heldCheck);
    this.heldCheck = setInterval(() => this.checkHeld(), this.heldCheckMs);
  }

  /**
   * Over the limit, a symbol removed and added again between two symbol lists ends its named
   * subscription without a word (PROTOCOL-EXTENSIONS.md) and looks unchanged in the next list.
   * Asking again for what this connection holds changes nothing for what it still holds (a
   * second subscribe is idempotent) and brings the rest back with a snapshot; the feed asks for
   * the charted symbol as a resume, so its seqs stay checked. A refused check (a symbol removed
   * since the page last looked) holds nothing new and drops nothing, so what is held stays held;
   * the feed marks the unknown symbols removed, which reviews the plan, and the next check leaves
   * them out.
   */
  checkHeld() {
    if (!this.port.isOpen() || !this.explicit) return;
    if (this.tableHeld.size) {
      this.port.subscribe([...this.tableHeld], 'held');
    }
    this.port.checkChart();
  }

  /** Marks each quote streamed or not, and reports how many are. */
  updateCoverage() {
    let total = 0;
    let streamed = 0;
    const charted = this.port.charted();
    // With `*` the server took symbols in the feed's order until its limit.
    let room = this.explicit || this.maxSymbols == null ? Infinity : this.maxSymbols;
    for (const quote of this.market.quotes.values()) {
      if (quote.removed) continue;
      total++;
      let on;
      if (this.explicit) on = quote.symbol === charted || this.tableHeld.has(quote.symbol);
      else on = room-- > 0 || quote.symbol === charted;
      if (on) streamed++;
      this.market.setStreamed(quote.symbol, on);
    }
    this.streamedCount = streamed;
    this.listener.onCoverage(streamed, total);
  }
}
