// The price chart of the selected symbol on a <canvas>: last price as a step line, bid/ask
// band, open reference, y labels with the symbol's decimals, clock time axis. Crisp on
// HiDPI (backing store = CSS size x devicePixelRatio). Many points per pixel column are
// reduced to first/min/max/last (M4), so cost follows the canvas width, not the tick count.

import { formatPrice, formatClock } from './format.js';

const FONT = '11px ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';
const PAD = { top: 10, left: 8, right: 8, bottom: 22 };
const MIN_FRAME_MS = 33; // ~30 fps is plenty for a chart
const TIME_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600].map((s) => s * 1000);
const MIN_LABEL_SPACING_PX = 72;
const MIN_ROW_SPACING_PX = 28;
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
    this.readColors();
    new ResizeObserver(() => this.invalidate()).observe(canvas);
    // The time axis moves even when no tick arrives.
    setInterval(() => this.invalidate(), 1000);
  }

  readColors() {
    const css = getComputedStyle(this.canvas);
    const v = (name) => css.getPropertyValue(name).trim();
    this.colors = {
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
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
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
    const { ctx, colors } = this;
    ctx.fillStyle = colors.bg;
    ctx.fillRect(0, 0, this.w, this.h);
    ctx.font = FONT;
    const quote = this.quote;
    const series = quote?.series;
    if (!series || series.length === 0) {
      this.message(quote ? 'waiting for ticks\u2026' : 'no symbol selected');
      return;
    }
    const newest = series.t[series.index(series.length - 1)];
    const tEnd = Math.max(Date.now(), newest);
    const oldest = series.t[series.index(0)];
    const span = Math.min(this.windowMs, Math.max(MIN_SPAN_MS, tEnd - oldest));
    const tStart = tEnd - span;
    const from = Math.max(0, series.firstAtOrAfter(tStart) - 1); // one earlier point starts the line at the edge
    const range = this.priceRange(series, from, quote);
    const labelWidth = ctx.measureText(formatPrice(range.max, quote.decimals)).width;
    const plot = { x0: PAD.left, y0: PAD.top, x1: Math.floor(this.w - PAD.right - labelWidth - 10), y1: this.h - PAD.bottom };
    if (plot.x1 - plot.x0 < 20 || plot.y1 - plot.y0 < 20) return;
    const y = (price) => plot.y1 - ((price - range.min) / (range.max - range.min)) * (plot.y1 - plot.y0);
    const markerY = quote.last == null ? null : Math.min(plot.y1, Math.max(plot.y0, y(quote.last)));
    this.grid(plot, range, quote.decimals, y, tStart, tEnd, markerY);
    const cols = this.aggregate(series, from, tStart, span, plot.x1 - plot.x0);
    this.band(plot, cols, y);
    this.openLine(plot, quote, range, y);
    this.line(plot, cols, y);
    this.marker(plot, quote, markerY);
    if (!this.live) {
      ctx.fillStyle = this.colors.open;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      ctx.fillText('stream disconnected: showing the last ticks received', plot.x0 + 4, plot.y0 + 2);
    }
  }

  message(text) {
    const { ctx } = this;
    ctx.fillStyle = this.colors.text;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, this.w / 2, this.h / 2);
  }

  /** Visible min/max of bid, ask and last, widened to at least ten price increments. */
  priceRange(series, from, quote) {
    let min = Infinity;
    let max = -Infinity;
    for (let k = from; k < series.length; k++) {
      const i = series.index(k);
      min = Math.min(min, series.bid[i], series.last[i]);
      max = Math.max(max, series.ask[i], series.last[i]);
    }
    const increment = 10 ** -quote.decimals;
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

  grid(plot, range, decimals, y, tStart, tEnd, markerY) {
    const { ctx, colors } = this;
    const hair = 1 / this.dpr;
    const crisp = (v) => (Math.round(v * this.dpr) + 0.5) / this.dpr;
    ctx.lineWidth = hair;
    ctx.strokeStyle = colors.grid;
    ctx.fillStyle = colors.text;
    ctx.beginPath();
    // price rows
    const step = niceStep((range.max - range.min) / Math.max(2, (plot.y1 - plot.y0) / MIN_ROW_SPACING_PX), 10 ** -decimals);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (let p = Math.ceil(range.min / step) * step; p <= range.max; p += step) {
      const yy = crisp(y(p));
      ctx.moveTo(plot.x0, yy);
      ctx.lineTo(plot.x1, yy);
      if (markerY == null || Math.abs(yy - markerY) > 13) ctx.fillText(formatPrice(p, decimals), plot.x1 + 6, yy);
    }
    // time columns
    const pxPerMs = (plot.x1 - plot.x0) / (tEnd - tStart);
    const tStep = TIME_STEPS_MS.find((s) => s * pxPerMs >= MIN_LABEL_SPACING_PX) ?? TIME_STEPS_MS.at(-1);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let t = Math.ceil(tStart / tStep) * tStep; t <= tEnd; t += tStep) {
      const xx = crisp(plot.x0 + (t - tStart) * pxPerMs);
      ctx.moveTo(xx, plot.y0);
      ctx.lineTo(xx, plot.y1);
      if (xx > plot.x0 + 24 && xx < plot.x1 - 24) ctx.fillText(formatClock(t), xx, plot.y1 + 6);
    }
    ctx.stroke();
    ctx.strokeStyle = colors.text;
    ctx.globalAlpha = 0.5;
    ctx.beginPath();
    ctx.moveTo(crisp(plot.x1), plot.y0);
    ctx.lineTo(crisp(plot.x1), plot.y1);
    ctx.lineTo(plot.x0, crisp(plot.y1));
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  /** The bid/ask band: one 1-px column per pixel, carried forward between ticks. */
  band(plot, c, y) {
    const { ctx } = this;
    ctx.fillStyle = this.colors.band;
    ctx.beginPath();
    let bid = c.seed?.bid;
    let ask = c.seed?.ask;
    for (let col = 0; col < c.n; col++) {
      if (c.has[col]) {
        const top = y(c.askHi[col]);
        ctx.rect(plot.x0 + col, top, 1, Math.max(1, y(c.bidLo[col]) - top));
        bid = c.closeBid[col];
        ask = c.closeAsk[col];
      } else if (bid != null && (this.live || col < c.lastCol)) {
        const top = y(ask);
        ctx.rect(plot.x0 + col, top, 1, Math.max(1, y(bid) - top));
      }
    }
    ctx.fill();
  }

  /** The last price as a step line: flat until the next tick, then straight to it. */
  line(plot, c, y) {
    const { ctx } = this;
    ctx.strokeStyle = this.colors.line;
    ctx.lineWidth = 1.5;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let close = c.seed?.last;
    let started = false;
    if (close != null) {
      ctx.moveTo(plot.x0, y(close));
      started = true;
    }
    for (let col = 0; col < c.n; col++) {
      if (!c.has[col]) continue;
      const x = plot.x0 + col + 0.5;
      if (!started) {
        ctx.moveTo(x, y(c.first[col]));
        started = true;
      } else {
        ctx.lineTo(x, y(close));
        ctx.lineTo(x, y(c.first[col]));
      }
      if (c.lo[col] !== c.hi[col]) {
        ctx.lineTo(x, y(c.lo[col]));
        ctx.lineTo(x, y(c.hi[col]));
      }
      ctx.lineTo(x, y(c.close[col]));
      close = c.close[col];
    }
    if (close != null && this.live) ctx.lineTo(plot.x1, y(close));
    ctx.stroke();
  }

  openLine(plot, quote, range, y) {
    if (quote.open == null || quote.open < range.min || quote.open > range.max) return;
    const { ctx } = this;
    const yy = Math.round(y(quote.open)) + 0.5;
    ctx.strokeStyle = this.colors.open;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(plot.x0, yy);
    ctx.lineTo(plot.x1, yy);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = this.colors.open;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText('open', plot.x0 + 4, yy - 2);
  }

  /** The latest price in a tag on the axis, green above the open and red below. */
  marker(plot, quote, yy) {
    if (yy == null) return;
    const { ctx } = this;
    const text = formatPrice(quote.last, quote.decimals);
    const change = quote.change ?? 0;
    ctx.fillStyle = change < 0 ? this.colors.down : change > 0 ? this.colors.up : this.colors.line;
    const w = ctx.measureText(text).width + 8;
    ctx.fillRect(plot.x1 + 1, Math.round(yy - 8), w, 16);
    ctx.fillStyle = this.colors.marker;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, plot.x1 + 5, yy);
  }
}

/**
 * @param {number} raw the spacing wanted
 * @param {number} increment the smallest price step (10^-decimals)
 * @returns {number} 1, 2 or 5 times a power of ten, at least one increment
 */
export function niceStep(raw, increment) {
  if (!(raw > 0)) return increment;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  const step = (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
  return Math.max(step, increment);
}
