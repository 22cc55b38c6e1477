// How far the page has fallen behind the feed, and the offset between the server's clock and the page's.
// A page that stops reading for longer than the server's close timeout can lose the server's 1008 "slow
// consumer" close frame: once the server has closed TCP, the next thing the page sends (a ping, a
// subscribe) is answered by a TCP reset, which ends the socket as 1006 before the page has read the bytes
// still in flight. The page's own lag is then the evidence. The offset tells a resume's replay from live
// ticks (feed.js).

/** Behind by more than this (the server's default --max-lag) makes an abnormal close count as a drop. */
export const BEHIND_MS = 1000;

export class FeedLag {
  /** @param {() => number} now the page's clock in ms */
  constructor(now = () => Date.now()) {
    this.now = now;
    this.floor = Infinity;
    this.reset();
  }

  /**
   * A socket closed: the next one measures anew, since the server's clock and the page's differ by an unknown
   * constant; this socket's offset is kept for telling the next socket's replay from live ticks.
   */
  reset() {
    if (Number.isFinite(this.floor)) this.lastFloor = this.floor;
    this.floor = Infinity; // the smallest lag seen on this socket: the clock offset plus the transit time
    this.behindAt = 0;
  }

  /**
   * @param {number} tsMicros a message's ts
   * @param {number} pageMs a time on the page's clock
   * @returns {boolean} whether the server made it before that time, by the clock offset measured on this
   *   socket or the one before it (false while none is known): how a resume's replay is told from live ticks
   */
  madeBefore(tsMicros, pageMs) {
    const offset = Math.min(this.floor, this.lastFloor ?? Infinity);
    return Number.isFinite(offset) && tsMicros / 1000 + offset < pageMs;
  }

  /**
   * @param {number} tsMicros the ts of a message the server sent as it handled it (an unthrottled live tick,
   *   a heartbeat or a pong), in microseconds since the Unix epoch
   */
  record(tsMicros) {
    if (!Number.isFinite(tsMicros)) return;
    const now = this.now();
    const lag = now - tsMicros / 1000;
    if (lag < this.floor) this.floor = lag;
    if (lag - this.floor > BEHIND_MS) this.behindAt = now;
  }

  /**
   * @param {number} withinMs how recent the evidence must be
   * @returns {boolean} whether the page handled a message more than BEHIND_MS late within that time
   */
  wasBehind(withinMs) {
    return this.behindAt > 0 && this.now() - this.behindAt <= withinMs;
  }
}
