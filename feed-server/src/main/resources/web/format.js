// Number and time formatting for the dashboard. Prices are shown with exactly the symbol's
// decimals (the server sends e.g. 189.10, JSON.parse yields 189.1; toFixed restores the digits).

const DASH = '\u2014';
const volumeFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * @param {number|null|undefined} value a price
 * @param {number} decimals the symbol's decimals (0..8)
 * @returns {string} the price with exactly `decimals` digits after the point, or a dash
 */
export function formatPrice(value, decimals) {
  if (value == null || !Number.isFinite(value)) return DASH;
  return value.toFixed(decimals);
}

/**
 * @param {number|null|undefined} value a signed price difference
 * @param {number} decimals the symbol's decimals
 * @returns {string} e.g. "+0.13" or "-1.20", a dash when unknown
 */
export function formatSignedPrice(value, decimals) {
  if (value == null || !Number.isFinite(value)) return DASH;
  const text = Math.abs(value).toFixed(decimals);
  if (Number(text) === 0) return text;
  return (value > 0 ? '+' : '-') + text;
}

/**
 * @param {number|null|undefined} percent a percentage
 * @returns {string} e.g. "+0.42%", "-3.10%", "0.00%"
 */
export function formatPercent(percent) {
  if (percent == null || !Number.isFinite(percent)) return DASH;
  const text = Math.abs(percent).toFixed(2);
  if (Number(text) === 0) return '0.00%';
  return (percent > 0 ? '+' : '-') + text + '%';
}

/**
 * @param {number|null|undefined} volume a share count
 * @returns {string} grouped with commas, e.g. "1,523,400"
 */
export function formatVolume(volume) {
  if (volume == null || !Number.isFinite(volume)) return DASH;
  return volumeFormat.format(volume);
}

/**
 * @param {number|null} ms a latency in milliseconds
 * @returns {string} e.g. "0.42 ms", "12.3 ms", "1.20 s"
 */
export function formatLatency(ms) {
  if (ms == null || !Number.isFinite(ms)) return DASH;
  const abs = Math.abs(ms);
  if (abs >= 1000) return (ms / 1000).toFixed(2) + ' s';
  if (abs >= 10) return ms.toFixed(1) + ' ms';
  return ms.toFixed(2) + ' ms';
}

/**
 * @param {number} ms epoch milliseconds
 * @param {boolean} withSeconds whether to include seconds
 * @returns {string} local wall-clock time, "HH:MM:SS" or "HH:MM"
 */
export function formatClock(ms, withSeconds = true) {
  const d = new Date(ms);
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  if (!withSeconds) return `${hh}:${mm}`;
  return `${hh}:${mm}:${String(d.getSeconds()).padStart(2, '0')}`;
}

/**
 * Decimals implied by a number's shortest text, used until the server tells the real ones.
 * @param {number} value a price as parsed from JSON
 * @returns {number} digits after the point (0..8)
 */
export function impliedDecimals(value) {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 || text.includes('e') ? 0 : Math.min(8, text.length - dot - 1);
}

export { DASH };
