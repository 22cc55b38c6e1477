// Seq bookkeeping for the charted (unthrottled) symbol: orders a resume replay, drops
// duplicates and counts gaps. Throttled symbols skip seqs by design and never come here.

/**
 * Modes:
 *  - IDLE: no unthrottled subscription yet; messages pass when newer, nothing is counted.
 *  - BASELINE: an unthrottled subscribe is in flight; once its reply has arrived, the next
 *    message fixes the baseline seq (a throttled tick may still have been queued before it).
 *  - RESUME: after a reconnect we asked for a replay from lastSeq; messages ahead of the replay
 *    (the `*` snapshot, live ticks) wait in `held` until the replay fills the hole.
 *  - STRICT: every message must be lastSeq + 1; a jump is a gap.
 */
export const Mode = Object.freeze({ IDLE: 'idle', BASELINE: 'baseline', RESUME: 'resume', STRICT: 'strict' });

export const RESUME_SETTLE_MS = 1500; // after the resume reply, how long a hole may stay open
export const MAX_HELD = 10_000; // messages kept waiting for a replay

export class ChartSequencer {
  /**
   * @param {(message: object) => void} deliver receives every message to apply, in seq order
   * @param {{settleMs?: number, maxHeld?: number}} options
   */
  constructor(deliver, { settleMs = RESUME_SETTLE_MS, maxHeld = MAX_HELD } = {}) {
    this.deliver = deliver;
    this.settleMs = settleMs;
    this.maxHeld = maxHeld;
    this.symbol = null;
    this.gaps = 0; // gap events on the charted symbol, over the page's life
    this.missed = 0; // seqs those gaps skipped
    this.duplicates = 0;
    this.reset(null);
  }

  /** Forgets everything about the previous symbol. @param {string|null} symbol */
  reset(symbol) {
    this.symbol = symbol;
    this.lastSeq = null;
    this.mode = Mode.IDLE;
    this.awaitingId = null;
    this.acknowledged = false;
    this.resumeUnanswered = false;
    this.clearHeld();
  }

  /** An unthrottled subscribe was sent. @param {number|null} id its request id */
  beginBaseline(id) {
    this.mode = Mode.BASELINE;
    this.awaitingId = id;
    this.acknowledged = false;
    this.resumeUnanswered = false;
    this.clearHeld();
  }

  /** A resume subscribe (with `from`) was sent. @param {number|null} id its request id */
  beginResume(id) {
    if (this.lastSeq == null) {
      this.beginBaseline(id);
      return;
    }
    this.mode = Mode.RESUME;
    this.awaitingId = id;
    this.acknowledged = false;
    this.resumeUnanswered = true; // until the first message after lastSeq: a replayed tick or a snapshot
    this.clearHeld();
  }

  /**
   * Where the server's history no longer reaches back to lastSeq, a resume is answered with a snapshot
   * (PROTOCOL.md section 4), which the reply may precede: that snapshot continues the sequence with a gap,
   * and is no new incarnation of the symbol.
   * @param {{type: string, seq: number}} message a message of this.symbol
   * @returns {boolean} whether it is the resume's answer
   */
  answersResume(message) {
    return this.resumeUnanswered && message.type === 'snapshot' && this.lastSeq != null && message.seq > this.lastSeq;
  }

  /**
   * The socket closed: nothing more arrives until the next begin*(). Ticks held ahead of an
   * unfinished replay are dropped, not released: lastSeq stays the last contiguous one, so the
   * next resume asks from there and the server's history can still fill the hole.
   */
  suspend() {
    if (this.mode === Mode.RESUME) this.clearHeld();
    this.mode = Mode.IDLE;
    this.awaitingId = null;
    this.resumeUnanswered = false;
  }

  /**
   * The symbol came back as a new incarnation (removed and added again, or a new epoch) and a new
   * unthrottled subscribe was sent: sequencing restarts from its snapshot, which is not a gap.
   * @param {{seq: number}} snapshot the snapshot that announced it
   * @param {number|null} id the new subscribe's request id
   */
  restartFrom(snapshot, id) {
    this.lastSeq = null;
    this.beginBaseline(id);
    this.accept(snapshot);
  }

  /** The epoch changed: seqs restart, so the old ones mean nothing. */
  epochReset() {
    this.lastSeq = null;
    this.resumeUnanswered = false;
    this.clearHeld();
    if (this.mode !== Mode.IDLE) this.mode = Mode.BASELINE;
  }

  /** A `subscribed` reply arrived. @param {number} id its id */
  onSubscribed(id) {
    if (id == null || id !== this.awaitingId) return;
    this.acknowledged = true;
    if (this.mode === Mode.RESUME) this.settleResume();
  }

  /** The subscribe failed (e.g. unknown_symbol). @param {number} id the failed request's id */
  onFailed(id) {
    if (id == null || id !== this.awaitingId) return;
    this.releaseHeld();
    this.mode = Mode.IDLE;
  }

  /** @param {{seq: number}} message a tick or snapshot of this.symbol */
  accept(message) {
    const seq = message.seq;
    if (this.lastSeq != null && seq <= this.lastSeq) {
      if (this.mode === Mode.STRICT || this.mode === Mode.RESUME) this.duplicates++;
      return;
    }
    switch (this.mode) {
      case Mode.STRICT:
        if (seq !== this.lastSeq + 1) this.countGap(seq);
        this.apply(message);
        return;
      case Mode.RESUME:
        this.acceptResuming(message);
        return;
      case Mode.BASELINE:
        this.apply(message);
        if (this.acknowledged) this.mode = Mode.STRICT;
        return;
      default:
        this.apply(message);
    }
  }

  acceptResuming(message) {
    if (message.seq !== this.lastSeq + 1) {
      this.held.set(message.seq, message);
      if (this.held.size > this.maxHeld) this.releaseHeld();
      else if (this.acknowledged) this.armSettle();
      return;
    }
    this.apply(message);
    for (let next = this.held.get(this.lastSeq + 1); next; next = this.held.get(this.lastSeq + 1)) {
      this.held.delete(next.seq);
      this.apply(next);
    }
    for (const seq of this.held.keys()) if (seq <= this.lastSeq) this.held.delete(seq);
    if (this.acknowledged) this.settleResume();
  }

  /** Once the reply is in: nothing held means caught up; otherwise give the replay a moment. */
  settleResume() {
    if (this.held.size === 0) {
      clearTimeout(this.settleTimer);
      this.settleTimer = 0;
      this.mode = Mode.STRICT;
    } else {
      this.armSettle();
    }
  }

  armSettle() {
    if (this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = 0;
      if (this.mode === Mode.RESUME) this.releaseHeld();
    }, this.settleMs);
  }

  /** The replay cannot fill the hole: deliver what is held, in order, counting the gap(s). */
  releaseHeld() {
    const held = [...this.held.values()].sort((a, b) => a.seq - b.seq);
    this.clearHeld();
    this.mode = Mode.STRICT;
    for (const message of held) this.accept(message);
  }

  countGap(seq) {
    this.gaps++;
    this.missed += seq - this.lastSeq - 1;
  }

  apply(message) {
    this.lastSeq = message.seq;
    this.resumeUnanswered = false;
    this.deliver(message);
  }

  clearHeld() {
    if (!this.held) this.held = new Map();
    this.held.clear();
    clearTimeout(this.settleTimer);
    this.settleTimer = 0;
  }
}
