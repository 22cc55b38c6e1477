// The WebSocket's life: connect, keep alive (ping + silence watchdog), and reconnect with
// exponential backoff and full jitter. It knows nothing about what the messages mean.

/** Connection states as shown in the status bar and on window.pricefeed.state. */
export const State = Object.freeze({
  CONNECTING: 'connecting',
  LIVE: 'live',
  RECONNECTING: 'reconnecting',
  OFFLINE: 'offline',
});

export const TIMING = Object.freeze({
  backoffBaseMs: 250,
  backoffCapMs: 10_000,
  stableAfterMs: 60_000, // a connection this old resets the backoff
  pingEveryMs: 15_000,
  silenceLimitMs: 30_000, // two missed ping replies: the connection is dead
  minSilenceLimitMs: 2_000, // however short the server's heartbeat, allow this much quiet
  watchdogEveryMs: 1_000,
  openTimeoutMs: 10_000, // a handshake the server never answers (hung, not refused) is given up
});

/** The close code the page gives a socket it abandons because nothing arrived for too long. */
export const STALLED = 4000;

/** Exponential backoff with full jitter: a uniform delay in [0, min(cap, base * 2^attempt)). */
export class Backoff {
  /**
   * @param {{baseMs?: number, capMs?: number, random?: () => number}} options
   */
  constructor({ baseMs = TIMING.backoffBaseMs, capMs = TIMING.backoffCapMs, random = Math.random } = {}) {
    this.baseMs = baseMs;
    this.capMs = capMs;
    this.random = random;
    this.attempt = 0;
  }

  /** @returns {number} the next delay in ms; each call widens the window until the cap */
  next() {
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** this.attempt);
    if (ceiling < this.capMs) this.attempt++;
    return Math.floor(this.random() * ceiling);
  }

  reset() {
    this.attempt = 0;
  }
}

/**
 * One logical connection that survives socket failures.
 * Callbacks: onOpen(), onMessage(object), onState(state), onClose({code, reason}), onPingDue().
 */
export class Connection {
  /**
   * @param {() => Promise<string>} resolveUrl gives the ws:// URL for each attempt (may throw)
   * @param {object} callbacks onOpen, onMessage, onState, onClose, onPingDue
   */
  constructor(resolveUrl, callbacks) {
    this.resolveUrl = resolveUrl;
    this.callbacks = callbacks;
    this.backoff = new Backoff();
    this.state = null;
    this.socket = null;
    this.opens = 0;
    this.retryAt = 0;
    this.lastReceivedAt = 0;
    this.lastWatchdogAt = 0; // when the silence watchdog last ran
    this.silenceJudgedFrom = 0; // the watchdog judges no silence before this (it ran late: the page was frozen)
    this.deferredAt = 0; // when a late watchdog last put its judgement off
    this.lastClose = null;
    this.silenceLimitMs = TIMING.silenceLimitMs;
    this.nextId = 1;
    this.attempt = 0; // bumps per connect() so a stale async attempt can tell it lost
    this.timers = { retry: 0, ping: 0, watchdog: 0, stable: 0, open: 0 };
    window.addEventListener('online', () => {
      if (this.state === State.OFFLINE) this.connect();
    });
  }

  start() {
    this.connect();
  }

  /**
   * The server sends a tick or a heartbeat at least every `ms`: twice that without a message
   * means the feed stalled (never more than the ping-based limit, never under 2 s).
   * @param {number} ms the server's heartbeat interval
   */
  setHeartbeatInterval(ms) {
    if (!Number.isFinite(ms) || ms <= 0) return;
    this.silenceLimitMs = Math.min(TIMING.silenceLimitMs, Math.max(TIMING.minSilenceLimitMs, 2 * ms));
  }

  /** @returns {boolean} whether the socket is open */
  get isOpen() {
    return this.socket != null && this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Sends one JSON message.
   * @param {object} message a protocol message
   * @returns {boolean} false when the socket is not open (the message is dropped)
   */
  send(message) {
    if (!this.isOpen) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /**
   * Sends a message with a fresh numeric id.
   * @param {object} message a protocol message without id
   * @returns {number|null} the id, or null when not sent
   */
  request(message) {
    const id = this.nextId++;
    return this.send({ ...message, id }) ? id : null;
  }

  async connect() {
    clearTimeout(this.timers.retry);
    if (this.socket) return;
    const attempt = ++this.attempt;
    this.setState(State.CONNECTING);
    let url;
    try {
      url = await this.resolveUrl();
    } catch (e) {
      if (attempt === this.attempt) this.scheduleReconnect();
      return;
    }
    if (attempt !== this.attempt || this.socket) return;
    let socket;
    try {
      socket = new WebSocket(url);
    } catch (e) {
      // A malformed URL throws synchronously; retrying may pick up a corrected /api/info.
      console.warn('pricefeed: cannot open', url, e.message);
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.timers.open = setTimeout(() => {
      if (socket.readyState === WebSocket.CONNECTING) this.abandon(socket, STALLED, 'no answer to the handshake');
    }, TIMING.openTimeoutMs);
    socket.onopen = () => this.opened(socket);
    socket.onmessage = (event) => this.received(event);
    socket.onclose = (event) => this.closed(socket, event.code, event.reason);
  }

  opened(socket) {
    clearTimeout(this.timers.open);
    this.opens++;
    this.lastReceivedAt = Date.now();
    this.setState(State.LIVE);
    this.timers.ping = setInterval(() => this.callbacks.onPingDue(), TIMING.pingEveryMs);
    this.lastWatchdogAt = Date.now();
    this.deferredAt = 0;
    this.silenceJudgedFrom = 0;
    this.timers.watchdog = setInterval(() => this.checkSilence(socket), TIMING.watchdogEveryMs);
    this.timers.stable = setTimeout(() => this.backoff.reset(), TIMING.stableAfterMs);
    this.callbacks.onOpen();
  }

  received(event) {
    this.lastReceivedAt = Date.now();
    if (typeof event.data !== 'string') return; // the protocol is JSON text only
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      console.warn('pricefeed: ignoring a message that is not JSON');
      return;
    }
    if (Array.isArray(message)) message.forEach((m) => this.callbacks.onMessage(m));
    else this.callbacks.onMessage(message);
  }

  checkSilence(socket) {
    const now = Date.now();
    // Running late, this check finds the page itself was frozen (a long task, a throttled tab), and what arrived
    // meanwhile may still be waiting behind it: the silence is judged a full interval on, once that is read.
    // Not twice in a row: a background tab whose timers run once a minute must still find a dead socket.
    const late = now - this.lastWatchdogAt > 2 * TIMING.watchdogEveryMs;
    if (late && this.lastWatchdogAt !== this.deferredAt) {
      this.deferredAt = now;
      this.silenceJudgedFrom = now + TIMING.watchdogEveryMs;
    }
    this.lastWatchdogAt = now;
    if (now < this.silenceJudgedFrom) return;
    if (now - this.lastReceivedAt <= this.silenceLimitMs) return;
    // A dead peer may never finish the close handshake: drop the socket and move on at once.
    this.abandon(socket, STALLED, `no message for ${(this.silenceLimitMs / 1000).toFixed(1)} s`);
  }

  /** Closes the current socket and reconnects without waiting for the backoff delay. */
  reconnectNow() {
    if (this.socket) this.abandon(this.socket, 4001, 'reconnect requested');
    else this.connect();
  }

  abandon(socket, code, reason) {
    socket.onopen = socket.onmessage = socket.onclose = null;
    try {
      socket.close(code, reason);
    } catch (e) {
      // already closing
    }
    this.closed(socket, code, reason);
  }

  closed(socket, code, reason) {
    if (socket !== this.socket) return;
    this.socket = null;
    clearTimeout(this.timers.open);
    clearInterval(this.timers.ping);
    clearInterval(this.timers.watchdog);
    clearTimeout(this.timers.stable);
    this.lastClose = { code, reason, at: Date.now() };
    this.callbacks.onClose(this.lastClose);
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    clearTimeout(this.timers.retry);
    if (navigator.onLine === false) {
      this.setState(State.OFFLINE); // the 'online' event reconnects
      return;
    }
    const delay = this.backoff.next();
    this.retryAt = Date.now() + delay;
    this.setState(State.RECONNECTING);
    this.timers.retry = setTimeout(() => this.connect(), delay);
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.callbacks.onState(state);
  }
}
