// The header: connection state (the only aria-live region), epoch and feed statistics.
// Writes text only when it changed, so screen readers and layout stay calm.

import { State } from './connection.js';
import { formatLatency } from './format.js';

const LABELS = {
  [State.CONNECTING]: 'connecting',
  [State.LIVE]: 'live',
  [State.RECONNECTING]: 'reconnecting',
  [State.OFFLINE]: 'offline',
};

export class StatusBar {
  /** @param {Document} doc the page */
  constructor(doc) {
    const $ = (id) => doc.getElementById(id);
    this.conn = $('conn');
    this.stateText = $('conn-state');
    this.detail = $('conn-detail');
    this.fields = {
      epoch: $('stat-epoch'), rate: $('stat-rate'), p50: $('stat-p50'), p99: $('stat-p99'),
      ticks: $('stat-ticks'), gaps: $('stat-gaps'), symbols: $('stat-symbols'),
    };
    this.gapsItem = $('stat-gaps-item');
    this.notice = $('notice');
    this.lastingNotice = $('lasting');
    this.lastingTexts = new Map(); // key -> text of a condition that lasts (not overwritten by notes)
    this.retryAt = 0;
    this.countdown = 0;
  }

  /**
   * @param {string} state one of State
   * @param {number} retryAt epoch ms of the next attempt when reconnecting
   */
  setState(state, retryAt) {
    this.conn.dataset.state = state;
    this.stateText.textContent = LABELS[state] ?? state;
    clearInterval(this.countdown);
    this.detail.textContent = '';
    if (state === State.RECONNECTING) {
      this.retryAt = retryAt;
      const tick = () => {
        const seconds = Math.max(0, Math.ceil((this.retryAt - Date.now()) / 1000));
        this.detail.textContent = `in ${seconds}s`;
      };
      tick();
      this.countdown = setInterval(tick, 250);
    }
  }

  /**
   * @param {{epoch: string|null, rate: number, p50: number|null, p99: number|null, ticks: number,
   *          gaps: number, missed: number, symbols: number}} s the figures to show
   */
  update(s) {
    this.set('epoch', s.epoch ?? '\u2014');
    this.set('rate', String(s.rate));
    this.set('p50', formatLatency(s.p50));
    this.set('p99', formatLatency(s.p99));
    this.set('ticks', s.ticks.toLocaleString('en-US'));
    this.set('gaps', String(s.gaps));
    this.set('symbols', String(s.symbols));
    this.gapsItem.classList.toggle('bad', s.gaps > 0);
    this.gapsItem.title = s.gaps > 0 ? `${s.missed} ticks missed on the charted symbol` : 'no ticks missed on the charted symbol';
  }

  set(field, text) {
    const el = this.fields[field];
    if (el.textContent !== text) el.textContent = text;
  }

  /**
   * A notice that stays while its condition lasts, beside the notes.
   * @param {string} key which condition
   * @param {string} text what to say; empty clears it
   */
  lasting(key, text) {
    if ((this.lastingTexts.get(key) ?? '') === text) return;
    if (text) this.lastingTexts.set(key, text);
    else this.lastingTexts.delete(key);
    this.lastingNotice.textContent = [...this.lastingTexts.values()].join(' \u00b7 ');
  }

  /** A one-line note in the footer (stream errors, why a connection closed). @param {string} text */
  note(text) {
    const stamp = new Date().toLocaleTimeString('en-GB');
    this.notice.textContent = text ? `${stamp}  ${text}` : '';
  }
}
