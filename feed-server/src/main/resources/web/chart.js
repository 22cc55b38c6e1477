// The price chart of the selected symbol on a <canvas>: decides what is in view (time span,
// price range) and when to redraw; chart-paint.js does the drawing. Crisp on HiDPI (backing
// store = CSS size x devicePixelRatio). Many ticks per pixel column are reduced to
// first/min/max/last (M4), so a frame costs the canvas width, not the tick count.

import { formatPrice } from './format.js';
import { ChartPainter, FONT } from './chart-paint.js';

const PAD = { top: 10, left: 8, right: 8, bottom: 22 };
const MIN_FRAME_MS = 33; // ~30 fps is plenty for a chart
const MIN_SPAN_MS = 30_000; // a young history is stretched over at least this, not squeezed to the right edge

export class PriceChart {
  /**
   * @param {HTMLCanvasElement} canvas sized by CSS; the chart follows its box
   * @param {number} windowMs the most time the x axis spans (less while the history is younger)
   * @param {() => void} onFrame runs after each redraw, so text beside the chart shows the same tick
   */
  constructor(canvas, windowMs, onFrame = () => {}) {
    this.canvas = canvas;
    this.onFrame = onFrame;
    this.ctx = canvas.getContext('2d', { alpha: false });
    this.windowMs = windowMs;
    this.quote = null;
    this.live = true;
    this.frame = 0;
    this.lastDrawAt = 0;
    this.cols = null;
    this.pointer = null; // CSS px within the canvas while the mouse is over it
    this.painter = new ChartPainter(this.ctx, this.readColors());
    canvas.addEventListener('mousemove', (e) => {
      this.pointer = { x: e.offsetX, y: e.offsetY };
      this.invalidate();
    });
    canvas.addEventListener('mouseleave', () => {
      this.pointer = null;
      this.invalidate();
    });
    // The box's size comes from the observer, never from clientWidth in the frame: reading layout
    // right after the table's writes would force a synchronous layout of the whole page each frame.
    this.boxW = 0;
    this.boxH = 0;
    new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      this.boxW = Math.round(box.width);
      this.boxH = Math.round(box.height);
      this.invalidate();
    }).observe(canvas);
    // The time axis moves even when no tick arrives.
    setInterval(() => this.invalidate(), 1000);
  }

  /** @returns {object} the chart's colours, from CSS custom properties (one theme, one place) */
  readColors() {
    const css = getComputedStyle(this.canvas);
    const v = (name) => css.getPropertyValue(name).trim();
    return {
      bg: v('--chart-bg'), grid: v('--chart-grid'), text: v('--chart-text'), line: v('--chart-line'),
      band: v('--chart-band'), up: v('--up'), down: v('--down'), open: v('--chart-open'), marker: v('--chart-marker-text'),
    };
  }

  /** @param {import('./market.js').Quote|null} quote the quote to chart */
  show(quote) {
    this.quote = quote;
    this.invalidate();
  }

  /**
   * While the stream is down the price is unknown: the line stops at the last tick
   * instead of running on to now.
   * @param {boolean} live whether ticks are flowing
   */
  setLive(live) {
    if (live === this.live) return;
    this.live = live;
    this.invalidate();
  }

  /** Schedules a redraw in the next animation frame (at most ~30 per second). */
  invalidate() {
    if (this.frame) return;
    this.frame = requestAnimationFrame((now) => {
      this.frame = 0;
      if (now - this.lastDrawAt < MIN_FRAME_MS) {
        this.invalidate();
        return;
      }
      this.lastDrawAt = now;
      this.draw();
      this.onFrame();
    });
  }

  /** Matches the backing store to the CSS box; @returns {boolean} false when there is nothing to draw on */
  fit() {
    const dpr = window.devicePixelRatio || 1;
    const w = this.boxW;
    const h = this.boxH;
    if (w === 0 || h === 0) return false;
    const bw = Math.round(w * dpr);
    const bh = Math.round(h * dpr);
    if (this.canvas.width !== bw || this.canvas.height !== bh) {
      this.canvas.width = bw;
      this.canvas.height = bh;
    }
    this.dpr = dpr;
    this.w = w;
    this.h = h;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return true;
  }

  draw() {
    if (!this.fit()) return;
    const { ctx, painter } = this;
    ctx.fillStyle = painter.colors.bg;
    ctx.fillRect(0, 0, this.w, this.h);
    ctx.font = FONT;
    const quote = this.quote;
    const series = quote?.series;
    if (!series || series.length === 0) {
      painter.message(quote ? 'waiting for ticks\u2026' : 'no symbol selected', this.w, this.h);
      return;
    }
    const newest = series.t[series.index(series.length - 1)];
    const oldest = series.t[series.index(0)];
    const tEnd = Math.max(Date.now(), newest);
    const span = Math.min(this.windowMs, Math.max(MIN_SPAN_MS, tEnd - oldest));
    const tStart = tEnd - span;
    const from = Math.max(0, series.firstAtOrAfter(tStart) - 1); // one earlier point starts the line at the edge
    const range = this.priceRange(series, from, quote.decimals);
    const labelWidth = ctx.measureText(formatPrice(range.max, quote.decimals)).width;
    const plot = { x0: PAD.left, y0: PAD.top, x1: Math.floor(this.w - PAD.right - labelWidth - 10), y1: this.h - PAD.bottom };
    if (plot.x1 - plot.x0 < 20 || plot.y1 - plot.y0 < 20) return;
    const y = (price) => plot.y1 - ((price - range.min) / (range.max - range.min)) * (plot.y1 - plot.y0);
    const f = { plot, range, y, tStart, span, decimals: quote.decimals, dpr: this.dpr, live: this.live };
    const tagY = quote.last == null ? null : Math.min(plot.y1, Math.max(plot.y0, y(quote.last)));
    const cols = this.aggregate(series, from, tStart, span, plot.x1 - plot.x0);
    painter.grid(f, tagY);
    painter.band(f, cols);
    painter.openLine(f, quote.open);
    painter.line(f, cols);
    painter.tag(f, tagY, formatPrice(quote.last, quote.decimals), quote.change ?? 0);
    painter.crosshair(f, this.pointer);
    if (!this.live) painter.note(f, 'stream disconnected: showing the last ticks received');
    else if (quote.removed) painter.note(f, 'symbol removed from the simulator: showing its last ticks');
  }

  /** Visible min/max of bid, ask and last, widened to at least ten price increments. */
  priceRange(series, from, decimals) {
    let min = Infinity;
    let max = -Infinity;
    for (let k = from; k < series.length; k++) {
      const i = series.index(k);
      min = Math.min(min, series.bid[i], series.last[i]);
      max = Math.max(max, series.ask[i], series.last[i]);
    }
    const increment = 10 ** -decimals;
    const span = Math.max(max - min, 10 * increment);
    const mid = (max + min) / 2;
    const pad = span * 0.08;
    return { min: mid - span / 2 - pad, max: mid + span / 2 + pad };
  }

  /** Per pixel column: first/min/max/last of last, lowest bid, highest ask, closing bid/ask. */
  aggregate(series, from, tStart, span, width) {
    const n = Math.max(1, width);
    if (!this.cols || this.cols.n !== n) {
      const a = () => new Float64Array(n);
      this.cols = { n, has: new Uint8Array(n), first: a(), lo: a(), hi: a(), close: a(), bidLo: a(), askHi: a(), closeBid: a(), closeAsk: a() };
    }
    const c = this.cols;
    c.has.fill(0);
    c.seed = null;
    c.lastCol = -1;
    const perMs = n / span;
    for (let k = from; k < series.length; k++) {
      const i = series.index(k);
      const t = series.t[i];
      const last = series.last[i];
      const bid = series.bid[i];
      const ask = series.ask[i];
      if (t < tStart) {
        c.seed = { last, bid, ask };
        continue;
      }
      const col = Math.min(n - 1, Math.floor((t - tStart) * perMs));
      if (!c.has[col]) {
        c.has[col] = 1;
        c.first[col] = c.lo[col] = c.hi[col] = last;
        c.bidLo[col] = bid;
        c.askHi[col] = ask;
      } else {
        if (last < c.lo[col]) c.lo[col] = last;
        if (last > c.hi[col]) c.hi[col] = last;
        if (bid < c.bidLo[col]) c.bidLo[col] = bid;
        if (ask > c.askHi[col]) c.askHi[col] = ask;
      }
      c.lastCol = col;
      c.close[col] = last;
      c.closeBid[col] = bid;
      c.closeAsk[col] = ask;
    }
    return c;
  }
}
