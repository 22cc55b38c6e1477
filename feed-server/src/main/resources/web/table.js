// The quote table: one row per symbol, redrawn in animation frames, touching only the
// cells whose text changed, and only for rows in or near the viewport (the others catch up
// when scrolled into view). Each figure sits in a size-contained span, so a new number
// re-lays out that span alone, not the whole table; a figure longer than its column has held
// so far widens the column once, so nothing is ever clipped. A price move restarts a CSS flash
// by alternating two identical animations (no forced reflow).

import { formatPrice, formatSignedPrice, formatPercent, formatVolume } from './format.js';

// Only the last price flashes: animated backgrounds cost paint every frame, and at 100+
// symbols three flashing cells per row cost a third of the frame rate for little news.
const FLASHED = ['last'];
const FIELDS = ['bid', 'ask', 'last', 'change', 'changePct', 'volume'];
// The columns' widths in app.css, in ch, and what a cell adds around its text (2 x 10px padding).
const COLUMNS = { symbol: 9, bid: 12, ask: 12, last: 12, change: 10, changePct: 9, volume: 14 };
const CELL_PAD = '20px';
const PAD_CH = 3; // CELL_PAD in ch, rounded up: a text of n characters needs about n + 3 ch
const NEAR_VIEWPORT = '300px 0px'; // rows this close to the viewport render as if visible
const NOT_STREAMED = 'not streamed: the server lets one connection hold only part of this market';

class Row {
  /** @param {string} symbol @param {(field: string, length: number) => void} onText sees every new text */
  constructor(symbol, onText) {
    this.onText = onText;
    this.tr = document.createElement('tr');
    this.tr.dataset.symbol = symbol;
    this.tr.tabIndex = -1;
    const th = document.createElement('th');
    th.scope = 'row';
    th.dataset.field = 'symbol';
    th.textContent = symbol;
    this.tr.append(th);
    onText('symbol', symbol.length);
    this.cells = {};
    this.spans = {};
    this.text = {}; // what each cell shows now
    this.value = {}; // the number behind each flashed cell
    this.parity = {}; // which of the two flash animations ran last
    for (const field of FIELDS) {
      const td = document.createElement('td');
      td.dataset.field = field;
      const span = document.createElement('span');
      span.className = 'v';
      td.append(span);
      this.cells[field] = td;
      this.spans[field] = span;
      this.text[field] = '';
      this.tr.append(td);
    }
    this.sign = 0;
    this.removed = false;
    this.streamed = true;
  }

  /** Row classes only: cheap, and right even while the row is off screen. */
  renderState(quote) {
    const streamed = quote.streamed || quote.removed;
    if (quote.removed === this.removed && streamed === this.streamed) return;
    this.removed = quote.removed;
    this.streamed = streamed;
    this.tr.classList.toggle('removed', quote.removed);
    this.tr.classList.toggle('unstreamed', !streamed);
    this.tr.title = quote.removed ? 'removed from the simulator' : streamed ? '' : NOT_STREAMED;
  }

  render(quote) {
    const d = quote.decimals;
    this.set('bid', formatPrice(quote.bid, d));
    this.set('ask', formatPrice(quote.ask, d));
    this.set('last', formatPrice(quote.last, d));
    this.set('change', formatSignedPrice(quote.change, d));
    this.set('changePct', formatPercent(quote.changePercent));
    this.set('volume', formatVolume(quote.volume));
    for (const field of FLASHED) this.flash(field, quote[field]);
    const change = quote.change;
    const sign = change == null || Number(this.text.change) === 0 ? 0 : Math.sign(change);
    if (sign !== this.sign) {
      this.sign = sign;
      const cls = sign > 0 ? 'pos' : sign < 0 ? 'neg' : '';
      this.cells.change.className = cls;
      this.cells.changePct.className = cls;
    }
  }

  set(field, text) {
    if (this.text[field] === text) return;
    this.text[field] = text;
    this.spans[field].textContent = text;
    this.onText(field, text.length);
  }

  flash(field, value) {
    const before = this.value[field];
    this.value[field] = value;
    if (before == null || value == null || value === before) return;
    const parity = (this.parity[field] = this.parity[field] ? 0 : 1);
    this.cells[field].className = (value > before ? 'up' : 'down') + parity;
  }
}

export class QuoteTable {
  /**
   * @param {HTMLTableSectionElement} tbody where rows go
   * @param {(symbol: string) => void} onSelect called when the user picks a row
   */
  constructor(tbody, onSelect) {
    this.tbody = tbody;
    this.onSelect = onSelect;
    /** @type {Map<string, Row>} */
    this.rows = new Map();
    this.dirty = new Map(); // symbol -> quote awaiting render
    this.offscreen = new Map(); // symbol -> quote that changed while its row was out of view
    this.visible = new Set(); // symbols whose rows are in or near the viewport
    this.frame = 0;
    this.selected = null;
    this.widest = {}; // field -> longest text its column was sized for
    const cols = tbody.closest('table').querySelectorAll('col');
    this.cols = Object.fromEntries(Object.keys(COLUMNS).map((field, i) => [field, cols[i]]));
    this.widen = (field, length) => {
      if (length <= (this.widest[field] ?? COLUMNS[field] - PAD_CH)) return;
      this.widest[field] = length;
      this.cols[field].style.width = `calc(${length}ch + ${CELL_PAD})`;
      this.widened = true;
    };
    this.widened = false;
    this.observer = new IntersectionObserver((entries) => this.onVisibility(entries), {
      root: tbody.closest('.table-scroll'),
      rootMargin: NEAR_VIEWPORT,
    });
    tbody.addEventListener('click', (e) => {
      const tr = e.target.closest('tr[data-symbol]');
      if (tr) this.onSelect(tr.dataset.symbol);
    });
    tbody.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** @param {import('./market.js').Quote} quote a symbol just added to the market */
  add(quote) {
    if (this.rows.has(quote.symbol)) return;
    const row = new Row(quote.symbol, this.widen);
    this.rows.set(quote.symbol, row);
    this.tbody.append(row.tr);
    this.observer.observe(row.tr);
    if (this.rows.size === 1) row.tr.tabIndex = 0;
    this.update(quote);
  }

  /** @param {import('./market.js').Quote} quote a quote that changed */
  update(quote) {
    this.dirty.set(quote.symbol, quote);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    for (const [symbol, quote] of this.dirty) {
      const row = this.rows.get(symbol);
      if (!row) continue;
      row.renderState(quote);
      if (this.visible.has(symbol)) row.render(quote);
      else this.offscreen.set(symbol, quote);
    }
    this.dirty.clear();
    if (this.widened) this.fitPanel();
  }

  /**
   * Asks the page's layout for a quotes panel as wide as the widened columns, so that a long price or
   * name scrolls no column out of view; app.css caps the panel (a share of the window), past which the
   * table scrolls sideways. Runs only after a column grew, which is rare: it forces one layout.
   */
  fitPanel() {
    this.widened = false;
    const scroll = this.tbody.closest('.table-scroll');
    const table = this.tbody.closest('table');
    const width = Math.ceil(table.getBoundingClientRect().width);
    if (width <= scroll.clientWidth) return;
    const panel = scroll.closest('.quotes');
    const frame = panel.offsetWidth - scroll.clientWidth; // the vertical scroll bar and the panel's border
    panel.parentElement.style.setProperty('--quotes-width', `${width + frame}px`);
  }

  onVisibility(entries) {
    for (const entry of entries) {
      const symbol = entry.target.dataset.symbol;
      if (!entry.isIntersecting) {
        this.visible.delete(symbol);
        continue;
      }
      this.visible.add(symbol);
      const quote = this.offscreen.get(symbol);
      if (quote) {
        this.offscreen.delete(symbol);
        this.update(quote);
      }
    }
  }

  /** Marks the charted row. @param {string} symbol */
  select(symbol) {
    const old = this.rows.get(this.selected);
    if (old) {
      old.tr.classList.remove('selected');
      old.tr.removeAttribute('aria-current');
      old.tr.tabIndex = -1;
    }
    this.selected = symbol;
    const row = this.rows.get(symbol);
    if (!row) return;
    row.tr.classList.add('selected');
    row.tr.setAttribute('aria-current', 'true');
    row.tr.tabIndex = 0;
  }

  /** Arrow keys move the selection, like a terminal's watch list. */
  onKey(e) {
    const tr = e.target.closest('tr[data-symbol]');
    if (!tr) return;
    let next = null;
    if (e.key === 'ArrowDown') next = tr.nextElementSibling;
    else if (e.key === 'ArrowUp') next = tr.previousElementSibling;
    else if (e.key === 'Enter' || e.key === ' ') next = tr;
    if (!next) return;
    e.preventDefault();
    this.onSelect(next.dataset.symbol);
    next.focus({ preventScroll: false });
  }
}
