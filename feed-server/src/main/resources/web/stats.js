// Counters for the status bar: message rate over a sliding second and latency percentiles
// over a sliding window. Both are O(1) per message; the percentiles are computed on demand.

const SLOT_MS = 100;
const SLOTS = 10; // 10 x 100 ms = the 1 s window

/** Messages per second over the last second, in 100 ms slots. */
export class RateMeter {
  constructor() {
    this.counts = new Uint32Array(SLOTS);
    this.slot = 0; // absolute slot number (ms / SLOT_MS) of the newest count
  }

  /** @param {number} now epoch ms */
  record(now) {
    this.advance(now);
    this.counts[this.slot % SLOTS]++;
  }

  /** @param {number} now epoch ms @returns {number} messages in the last second */
  perSecond(now) {
    this.advance(now);
    let sum = 0;
    for (let i = 0; i < SLOTS; i++) sum += this.counts[i];
    return sum;
  }

  advance(now) {
    const slot = Math.floor(now / SLOT_MS);
    if (slot === this.slot) return;
    const stale = Math.min(SLOTS, slot - this.slot);
    for (let i = 1; i <= stale; i++) this.counts[(this.slot + i) % SLOTS] = 0;
    this.slot = slot;
  }
}

/** Latency samples of the last `windowMs`, kept in a bounded ring. */
export class LatencyWindow {
  /**
   * @param {number} windowMs how far back percentiles look
   * @param {number} capacity a power of two bounding memory at high message rates
   */
  constructor(windowMs = 5000, capacity = 1 << 15) {
    this.windowMs = windowMs;
    this.mask = capacity - 1;
    this.at = new Float64Array(capacity);
    this.value = new Float64Array(capacity);
    this.written = 0;
    this.scratch = new Float64Array(capacity);
  }

  /** @param {number} now epoch ms @param {number} latencyMs one sample */
  record(now, latencyMs) {
    const i = this.written++ & this.mask;
    this.at[i] = now;
    this.value[i] = latencyMs;
  }

  /**
   * @param {number} now epoch ms
   * @returns {{p50: number|null, p99: number|null, count: number}} nearest-rank percentiles
   */
  percentiles(now) {
    const since = now - this.windowMs;
    const available = Math.min(this.written, this.mask + 1);
    let n = 0;
    for (let k = 1; k <= available; k++) {
      const i = (this.written - k) & this.mask;
      if (this.at[i] < since) break; // samples are in time order: the rest are older
      this.scratch[n++] = this.value[i];
    }
    if (n === 0) return { p50: null, p99: null, count: 0 };
    const sorted = this.scratch.subarray(0, n).sort();
    const rank = (p) => sorted[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)];
    return { p50: rank(50), p99: rank(99), count: n };
  }
}
