// Drawing for the price chart: given one frame's geometry and the per-column data that
// chart.js computed, paints grid and axes, bid/ask band, open line, last-price step line,
// the price tag and the crosshair. Nothing here decides what to show, only how.

import { formatPrice, formatClock } from './format.js';

export const FONT = '11px ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';
const TIME_STEPS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600].map((s) => s * 1000);
const MIN_LABEL_SPACING_PX = 72;
const MIN_ROW_SPACING_PX = 28;
const TAG_HEIGHT = 16;

/**
 * One frame's geometry.
 * @typedef {object} Frame
 * @property {{x0: number, y0: number, x1: number, y1: number}} plot the plot area in CSS px
 * @property {{min: number, max: number}} range prices at the bottom and top of the plot
 * @property {(price: number) => number} y price to CSS px
 * @property {number} tStart epoch ms at the left edge
 * @property {number} span ms across the plot
 * @property {number} decimals the symbol's decimals
 * @property {number} dpr device pixels per CSS px
 * @property {boolean} live whether ticks are flowing (else lines stop at the last tick)
 */

export class ChartPainter {
  /** @param {CanvasRenderingContext2D} ctx @param {object} colors from the CSS custom properties */
  constructor(ctx, colors) {
    this.ctx = ctx;
    this.colors = colors;
  }

  /** Centred text on an empty chart. */
  message(text, w, h) {
    const { ctx } = this;
    ctx.fillStyle = this.colors.text;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, w / 2, h / 2);
  }

  /** Price rows and time columns as hairlines, with their labels; skips a label the tag would cover. */
  grid(f, tagY) {
    const { ctx, colors } = this;
    const { plot, range } = f;
    const crisp = (v) => (Math.round(v * f.dpr) + 0.5) / f.dpr; // centre a 1-device-px line on a pixel
    ctx.lineWidth = 1 / f.dpr;
    ctx.strokeStyle = colors.grid;
    ctx.fillStyle = colors.text;
    ctx.beginPath();
    const rows = Math.max(2, (plot.y1 - plot.y0) / MIN_ROW_SPACING_PX);
    const step = niceStep((range.max - range.min) / rows, 10 ** -f.decimals);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (let p = Math.ceil(range.min / step) * step; p <= range.max; p += step) {
      const yy = crisp(f.y(p));
      ctx.moveTo(plot.x0, yy);
      ctx.lineTo(plot.x1, yy);
      if (tagY == null || Math.abs(yy - tagY) > TAG_HEIGHT - 3) ctx.fillText(formatPrice(p, f.decimals), plot.x1 + 6, yy);
    }
    const pxPerMs = (plot.x1 - plot.x0) / f.span;
    const tStep = TIME_STEPS_MS.find((s) => s * pxPerMs >= MIN_LABEL_SPACING_PX) ?? TIME_STEPS_MS.at(-1);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let t = Math.ceil(f.tStart / tStep) * tStep; t <= f.tStart + f.span; t += tStep) {
      const xx = crisp(plot.x0 + (t - f.tStart) * pxPerMs);
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
  band(f, c) {
    const { ctx } = this;
    const { plot, y } = f;
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
      } else if (bid != null && (f.live || col < c.lastCol)) {
        const top = y(ask);
        ctx.rect(plot.x0 + col, top, 1, Math.max(1, y(bid) - top));
      }
    }
    ctx.fill();
  }

  /** The last price as a step line: flat until the next tick, then straight to it. */
  line(f, c) {
    const { ctx } = this;
    const { plot, y } = f;
    ctx.strokeStyle = this.colors.line;
    ctx.lineWidth = 1.5;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    let close = c.seed?.last;
    if (close != null) ctx.moveTo(plot.x0, y(close));
    for (let col = 0; col < c.n; col++) {
      if (!c.has[col]) continue;
      const x = plot.x0 + col + 0.5;
      if (close == null) ctx.moveTo(x, y(c.first[col]));
      else {
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
    if (close != null && f.live) ctx.lineTo(plot.x1, y(close));
    ctx.stroke();
  }

  /** A dashed reference at the run's opening price, when it is in view. */
  openLine(f, open) {
    if (open == null || open < f.range.min || open > f.range.max) return;
    const { ctx } = this;
    const { plot } = f;
    const yy = Math.round(f.y(open)) + 0.5;
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
  tag(f, tagY, text, change) {
    if (tagY == null) return;
    const { ctx, colors } = this;
    ctx.fillStyle = change < 0 ? colors.down : change > 0 ? colors.up : colors.line;
    ctx.fillRect(f.plot.x1 + 1, Math.round(tagY - TAG_HEIGHT / 2), ctx.measureText(text).width + 8, TAG_HEIGHT);
    ctx.fillStyle = colors.marker;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, f.plot.x1 + 5, tagY);
  }

  /** Where the mouse points: a dashed cross with its price and time on the axes. */
  crosshair(f, pointer) {
    const { plot, range } = f;
    if (!pointer || pointer.x < plot.x0 || pointer.x > plot.x1 || pointer.y < plot.y0 || pointer.y > plot.y1) return;
    const { ctx, colors } = this;
    const x = Math.round(pointer.x) + 0.5;
    const yy = Math.round(pointer.y) + 0.5;
    ctx.strokeStyle = colors.text;
    ctx.lineWidth = 1;
    ctx.setLineDash([2, 3]);
    ctx.beginPath();
    ctx.moveTo(plot.x0, yy);
    ctx.lineTo(plot.x1, yy);
    ctx.moveTo(x, plot.y0);
    ctx.lineTo(x, plot.y1);
    ctx.stroke();
    ctx.setLineDash([]);
    const price = formatPrice(range.max - ((pointer.y - plot.y0) / (plot.y1 - plot.y0)) * (range.max - range.min), f.decimals);
    const time = formatClock(f.tStart + ((pointer.x - plot.x0) / (plot.x1 - plot.x0)) * f.span);
    const pw = ctx.measureText(price).width + 8;
    const tw = ctx.measureText(time).width + 16;
    ctx.fillStyle = colors.grid;
    ctx.fillRect(plot.x1 + 1, yy - TAG_HEIGHT / 2, pw, TAG_HEIGHT);
    ctx.fillRect(x - tw / 2, plot.y1 + 2, tw, TAG_HEIGHT);
    ctx.fillStyle = colors.line;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillText(price, plot.x1 + 5, yy);
    ctx.textAlign = 'center';
    ctx.fillText(time, x, plot.y1 + 10);
  }

  /** A note in the plot's corner. */
  note(f, text) {
    const { ctx } = this;
    ctx.fillStyle = this.colors.open;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(text, f.plot.x0 + 4, f.plot.y0 + 2);
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
