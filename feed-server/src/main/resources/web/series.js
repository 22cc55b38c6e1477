// A growable ring of (time, bid, ask, last) points for one symbol, oldest first, in typed
// arrays so minutes of unthrottled ticks cost no garbage.

export const BACKGROUND_POINTS = 2048; // throttled symbols: ~8 min at 4 points/s
export const CHART_POINTS = 1 << 16; // the charted symbol: minutes of unthrottled ticks

export class Series {
  /** @param {number} maxPoints a power of two; beyond it the oldest point is overwritten */
  constructor(maxPoints = BACKGROUND_POINTS) {
    this.maxPoints = maxPoints;
    this.allocate(Math.min(256, maxPoints));
    this.head = 0; // index of the oldest point
    this.length = 0;
  }

  allocate(capacity) {
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.t = new Float64Array(capacity);
    this.bid = new Float64Array(capacity);
    this.ask = new Float64Array(capacity);
    this.last = new Float64Array(capacity);
  }

  /**
   * @param {number} t epoch ms (clamped so time never runs backwards)
   * @param {number} bid @param {number} ask @param {number} last
   */
  push(t, bid, ask, last) {
    if (this.length === this.capacity) {
      if (this.capacity < this.maxPoints) this.resize(this.capacity * 2);
      else this.dropOldest(1);
    }
    if (this.length > 0) t = Math.max(t, this.t[this.index(this.length - 1)]);
    const i = (this.head + this.length++) & this.mask;
    this.t[i] = t;
    this.bid[i] = bid;
    this.ask[i] = ask;
    this.last[i] = last;
  }

  /** @param {number} k position from the oldest (0) @returns {number} the array index */
  index(k) {
    return (this.head + k) & this.mask;
  }

  /** Drops points older than `t`, keeping the newest one before it so a line can start at the edge. */
  trimBefore(t) {
    let drop = 0;
    while (drop + 1 < this.length && this.t[this.index(drop + 1)] < t) drop++;
    this.dropOldest(drop);
  }

  /** Drops every point older than `t`: the line starts at `t`, joined to nothing before it. */
  startAt(t) {
    this.dropOldest(this.firstAtOrAfter(t));
  }

  /** @param {number} t epoch ms @returns {number} the position of the first point at or after t */
  firstAtOrAfter(t) {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.t[this.index(mid)] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Changes the bound, keeping the newest points. @param {number} maxPoints a power of two */
  setMaxPoints(maxPoints) {
    this.maxPoints = maxPoints;
    if (this.length > maxPoints) this.dropOldest(this.length - maxPoints);
    if (this.capacity > maxPoints) this.resize(maxPoints);
  }

  resize(capacity) {
    const old = { t: this.t, bid: this.bid, ask: this.ask, last: this.last, head: this.head, mask: this.mask };
    this.allocate(capacity);
    for (let k = 0; k < this.length; k++) {
      const j = (old.head + k) & old.mask;
      this.t[k] = old.t[j];
      this.bid[k] = old.bid[j];
      this.ask[k] = old.ask[j];
      this.last[k] = old.last[j];
    }
    this.head = 0;
  }

  dropOldest(n) {
    this.head = (this.head + n) & this.mask;
    this.length -= n;
  }

  clear() {
    this.head = 0;
    this.length = 0;
  }
}
