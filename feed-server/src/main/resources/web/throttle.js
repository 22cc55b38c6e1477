// The table's conflation interval. A slow-consumer drop (close 1008, or what feed.js takes for one)
// doubles it; a connection that then keeps up long enough halves it again, so one bad minute does not
// slow the table for the page's life.

export const TABLE_THROTTLE_MS = 250;
export const MAX_TABLE_THROTTLE_MS = 5000; // the slow-consumer backoff stops doubling here
const RELAX_HEARTBEATS = 12; // this many heartbeat intervals on one connection without a drop earn a halving
const MIN_RELAX_MS = 5000;
export const DEFAULT_HEARTBEAT_MS = 5000; // PROTOCOL.md's default, until /api/info says otherwise
const MAX_RELAX_BACKOFF = 8; // a halving followed by a drop makes the next wait twice as long, up to this

export class TableThrottle {
  /**
   * @param {(ms: number, relaxed: boolean) => void} onChange told of every new interval; relaxed is
   *   true for a halving, false for a doubling after a drop
   */
  constructor(onChange) {
    this.ms = TABLE_THROTTLE_MS;
    this.onChange = onChange;
    this.heartbeatMs = DEFAULT_HEARTBEAT_MS;
    this.backoff = 1;
    this.relaxedSinceDrop = false;
    this.timer = 0;
  }

  /** @param {number} ms the server's heartbeatIntervalMs, which paces the halvings */
  setHeartbeatInterval(ms) {
    if (Number.isFinite(ms) && ms > 0) this.heartbeatMs = ms;
  }

  /** @returns {number} how long a connection must keep up before the next halving */
  get relaxAfterMs() {
    return Math.max(MIN_RELAX_MS, RELAX_HEARTBEATS * this.heartbeatMs) * this.backoff;
  }

  /**
   * A socket opened: above the base interval, a halving is due once it has kept up for relaxAfterMs.
   * @param {() => void} apply sends the new interval on the open socket
   */
  connected(apply) {
    this.stopEasing();
    if (this.ms <= TABLE_THROTTLE_MS) return;
    this.timer = setTimeout(() => {
      this.timer = 0;
      this.ms = Math.max(TABLE_THROTTLE_MS, Math.round(this.ms / 2)); // the server takes whole ms only
      this.relaxedSinceDrop = true;
      this.onChange(this.ms, true);
      apply();
      this.connected(apply);
    }, this.relaxAfterMs);
  }

  /**
   * The socket closed.
   * @param {boolean} droppedAsSlow whether the server dropped the page as a slow consumer: doubles the interval
   */
  disconnected(droppedAsSlow) {
    this.stopEasing();
    if (!droppedAsSlow) return;
    if (this.relaxedSinceDrop) this.backoff = Math.min(MAX_RELAX_BACKOFF, this.backoff * 2);
    this.relaxedSinceDrop = false;
    if (this.ms >= MAX_TABLE_THROTTLE_MS) return;
    this.ms = Math.min(MAX_TABLE_THROTTLE_MS, this.ms * 2);
    this.onChange(this.ms, false);
  }

  stopEasing() {
    clearTimeout(this.timer);
    this.timer = 0;
  }
}
