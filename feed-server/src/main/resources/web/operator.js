// The operator panel: asks the server whether this browser may drive the simulator
// (optionally with a bearer token kept in sessionStorage), shows the simulator's state and
// sends its REST commands. Every error is shown next to the control that caused it.

import { call, operatorToken, isValidToken } from './api.js';
import { formatPrice } from './format.js';

const REFRESH_MS = 5000;
const OK_VISIBLE_MS = 4000; // a success note fades; errors stay until the next try
const TOKEN_RULE = 'a token is 16 to 256 characters of A-Z a-z 0-9 - . _ ~ + / (then = padding)';
// A plain decimal number as JSON writes one; the page parses it itself so that a comma or a
// word is refused here instead of being dropped or reread by the browser's number input.
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export class OperatorPanel {
  /**
   * @param {Document} doc the page
   * @param {{onSymbolsChanged: () => void, onRemoved: (symbol: string) => void,
   *          onSymbolsListed: (symbols: Array<{symbol: string, decimals: number}>, askedAt: number) => void}} hooks
   *   onSymbolsListed gets every symbol the simulator has, on each poll, and when the poll was sent
   */
  constructor(doc, hooks) {
    const $ = (id) => doc.getElementById(id);
    this.$ = $;
    this.hooks = hooks;
    this.root = $('operator');
    this.toggle = $('op-toggle');
    this.auth = $('op-auth');
    this.controls = $('op-controls');
    this.access = null;
    this.state = null;
    this.timer = 0;
    this.groups = {
      auth: this.group('op-auth-error', { token: 'op-token' }),
      run: this.group('op-run-error', {}),
      rate: this.group('op-rate-error', { tickRate: 'op-rate' }),
      shock: this.group('op-shock-error', { symbol: 'op-shock-symbol', percent: 'op-shock-percent' }),
      add: this.group('op-add-error', {
        symbol: 'op-add-symbol', price: 'op-add-price', decimals: 'op-add-decimals',
        volatility: 'op-add-volatility', drift: 'op-add-drift',
      }),
      edit: this.group('op-edit-error', { symbol: 'op-edit-symbol', volatility: 'op-edit-volatility', drift: 'op-edit-drift' }),
    };
    this.bind();
  }

  group(errorId, inputs) {
    const fields = {};
    for (const [field, id] of Object.entries(inputs)) fields[field] = this.$(id);
    return { error: this.$(errorId), fields };
  }

  bind() {
    const $ = this.$;
    this.toggle.addEventListener('click', () => this.setOpen(this.root.hidden));
    this.onSubmit('op-auth', () => this.unlock());
    $('op-token-clear').addEventListener('click', () => {
      operatorToken.set(null);
      $('op-token').value = '';
      this.checkAccess();
    });
    $('op-pause').addEventListener('click', () => this.act('run', 'api/simulator/pause', { method: 'POST' }, 'paused'));
    $('op-resume').addEventListener('click', () => this.act('run', 'api/simulator/resume', { method: 'POST' }, 'resumed'));
    $('op-restart').addEventListener('click', () => this.act('run', 'api/simulator/restart', { method: 'POST' },
      (state) => `restarted as epoch ${state?.epoch ?? '?'}`));
    this.onSubmit('op-rate-form', () => {
      const body = this.body('rate', ['tickRate']);
      if (!body) return;
      this.act('rate', 'api/simulator/rate', { method: 'PUT', body }, (state) => `rate set to ${state?.tickRate ?? body.tickRate} ticks/s`);
    });
    this.onSubmit('op-shock-form', () => {
      const body = this.body('shock', ['percent']);
      if (!body) return;
      const symbol = this.text('shock', 'symbol').toUpperCase();
      if (symbol) body.symbol = symbol;
      this.act('shock', 'api/simulator/shock', { method: 'POST', body }, `${symbol || 'all'} shocked by ${body.percent}%`);
    });
    this.onSubmit('op-add-form', () => this.add());
    this.onSubmit('op-edit-form', () => this.edit());
    $('op-remove').addEventListener('click', () => this.remove());
    $('op-symbols').addEventListener('click', (e) => {
      const tr = e.target.closest('tr[data-symbol]');
      if (tr) this.fillEdit(tr.dataset.symbol);
    });
    document.addEventListener('visibilitychange', () => this.schedule());
  }

  onSubmit(formId, handler) {
    this.$(formId).addEventListener('submit', (e) => {
      e.preventDefault();
      handler();
    });
  }

  /** Asks the server what this browser may do, then shows the matching part of the panel. */
  async checkAccess() {
    const stored = operatorToken.get();
    const dropped = stored != null && !isValidToken(stored);
    if (dropped) operatorToken.set(null); // it could not even be sent: never let it hide the panel
    let res;
    try {
      res = await call('api/simulator/access', { auth: true });
    } catch (e) {
      return; // web listener unreachable: try again on the next refresh of the page
    }
    if (res.status === 404) {
      this.toggle.hidden = true; // this server has no operator API
      return;
    }
    this.toggle.hidden = false;
    const access = res.ok && res.data ? res.data : { operator: false, tokenRequired: true };
    this.access = access;
    if (access.operator) {
      this.auth.hidden = true;
      this.controls.hidden = false;
      this.setOpen(true);
      await this.refresh();
      return;
    }
    this.controls.hidden = true;
    this.auth.hidden = false;
    this.$('op-token-clear').hidden = !operatorToken.get();
    if (dropped) {
      this.showError('auth', `the stored token was dropped: ${TOKEN_RULE}`);
    } else if (operatorToken.get() && (res.status === 401 || res.status === 403 || res.ok)) {
      this.showError('auth', res.data?.message || 'token rejected');
    } else if (!access.tokenRequired) {
      this.showError('auth', 'operating is not allowed from this address');
    }
    this.schedule();
  }

  async unlock() {
    const token = this.$('op-token').value.trim();
    if (!token) {
      this.showError('auth', 'enter the operator token', 'token');
      return;
    }
    if (!isValidToken(token)) {
      this.showError('auth', TOKEN_RULE, 'token');
      return;
    }
    operatorToken.set(token);
    this.clearError('auth');
    await this.checkAccess();
  }

  setOpen(open) {
    this.root.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (open && !this.auth.hidden) this.$('op-token').focus();
    this.schedule();
  }

  /** Polls the simulator state while the controls are on screen. */
  schedule() {
    clearTimeout(this.timer);
    const visible = !this.root.hidden && !this.controls.hidden && document.visibilityState === 'visible';
    if (visible) this.timer = setTimeout(() => this.refresh(), REFRESH_MS);
  }

  async refresh() {
    clearTimeout(this.timer);
    try {
      const askedAt = Date.now();
      const res = await call('api/simulator', { auth: true });
      if (res.ok && res.data) this.render(res.data, askedAt);
      else if (res.status === 401 || res.status === 403) {
        await this.checkAccess();
        return;
      }
    } catch (e) {
      // transient: the next poll tries again
    }
    this.schedule();
  }

  /** @param {object} state GET /api/simulator's answer @param {number} askedAt when it was asked for */
  render(state, askedAt) {
    this.state = state;
    const $ = this.$;
    if (Array.isArray(state.symbols)) this.hooks.onSymbolsListed(state.symbols, askedAt);
    const status = $('op-status');
    status.textContent = state.paused ? 'paused' : 'running';
    status.dataset.paused = String(Boolean(state.paused));
    $('op-rate-current').textContent = state.tickRate != null ? String(state.tickRate) : '\u2014';
    $('op-epoch').textContent = state.epoch ?? '\u2014';
    const symbols = Array.isArray(state.symbols) ? state.symbols : [];
    const tbody = $('op-symbols');
    const rows = new Map([...tbody.rows].map((tr) => [tr.dataset.symbol, tr]));
    const list = $('op-symbol-list');
    const listed = new Set();
    symbols.forEach((s, index) => {
      listed.add(s.symbol);
      let tr = rows.get(s.symbol);
      if (!tr) {
        tr = tbody.insertRow();
        tr.dataset.symbol = s.symbol;
        for (let i = 0; i < 4; i++) tr.insertCell();
        tr.cells[0].textContent = s.symbol;
      }
      if (tbody.rows[index] !== tr) tbody.insertBefore(tr, tbody.rows[index] ?? null);
      tr.cells[1].textContent = typeof s.price === 'number' ? formatPrice(s.price, s.decimals ?? 2) : '\u2014';
      tr.cells[2].textContent = s.volatility ?? '\u2014';
      tr.cells[3].textContent = s.drift ?? '\u2014';
    });
    for (const [symbol, tr] of rows) if (!listed.has(symbol)) tr.remove();
    if (list.options.length !== listed.size || [...list.options].some((o) => !listed.has(o.value))) {
      list.replaceChildren(...[...listed].map((symbol) => new Option(symbol, symbol)));
    }
  }

  fillEdit(symbol) {
    const spec = this.state?.symbols?.find((s) => s.symbol === symbol);
    const f = this.groups.edit.fields;
    f.symbol.value = symbol;
    f.volatility.value = spec?.volatility ?? '';
    f.drift.value = spec?.drift ?? '';
    this.clearError('edit');
  }

  add() {
    const body = this.body('add', ['price', 'decimals', 'volatility', 'drift']);
    if (!body) return;
    body.symbol = this.text('add', 'symbol').toUpperCase();
    const added = (s) => `${body.symbol} added at ${s ? formatPrice(s.price, s.decimals ?? 2) : body.price}`;
    this.act('add', 'api/simulator/symbols', { method: 'POST', body }, added, () => {
      this.hooks.onSymbolsChanged();
      this.groups.add.fields.symbol.value = '';
    });
  }

  edit() {
    const symbol = this.needSymbol('edit');
    if (!symbol) return;
    const body = this.body('edit', ['volatility', 'drift']);
    if (!body) return;
    if (Object.keys(body).length === 0) {
      this.showError('edit', 'enter a volatility and/or a drift', 'volatility');
      return;
    }
    const updated = (s) => `${symbol} updated: volatility ${s?.volatility ?? body.volatility ?? '\u2014'}, drift ${s?.drift ?? body.drift ?? '\u2014'}`;
    this.act('edit', `api/simulator/symbols/${encodeURIComponent(symbol)}`, { method: 'PATCH', body }, updated);
  }

  remove() {
    const symbol = this.needSymbol('edit');
    if (!symbol) return;
    this.act('edit', `api/simulator/symbols/${encodeURIComponent(symbol)}`, { method: 'DELETE' }, `${symbol} removed`, () => {
      this.hooks.onRemoved(symbol);
      this.hooks.onSymbolsChanged();
    });
  }

  needSymbol(group) {
    const symbol = this.text(group, 'symbol').toUpperCase();
    if (!symbol) this.showError(group, 'enter a symbol', 'symbol');
    return symbol;
  }

  /** @returns {string} a trimmed text field */
  text(group, field) {
    return this.groups[group].fields[field].value.trim();
  }

  /**
   * The numeric fields that were filled in; the server judges their ranges.
   * @returns {object|null} the body, or null (error shown) when a field is not a number
   */
  body(group, fields) {
    const body = {};
    for (const field of fields) {
      const raw = this.groups[group].fields[field].value.trim();
      if (raw === '') continue;
      const value = Number(raw);
      if (!NUMBER.test(raw) || !Number.isFinite(value)) {
        const hint = raw.includes(',') ? ' (use a point for decimals)' : '';
        this.clearError(group);
        this.showError(group, `${field} is not a number: ${raw}${hint}`, field);
        return null;
      }
      body[field] = value;
    }
    return body;
  }

  /**
   * Sends one command and reports the outcome beside its controls.
   * @param {string|((data: any) => string)} okText the success note, or makes it from the answer
   * @returns {Promise<boolean>} whether the server accepted it
   */
  async act(group, path, request, okText, onOk) {
    this.clearError(group);
    const form = this.groups[group].error.closest('form, .op-row');
    form?.setAttribute('aria-busy', 'true');
    let res;
    try {
      res = await call(path, { ...request, auth: true });
    } catch (e) {
      this.showError(group, 'web listener unreachable');
      return false;
    } finally {
      form?.removeAttribute('aria-busy');
    }
    if (res.ok) {
      this.showOk(group, typeof okText === 'function' ? okText(res.data) : okText);
      onOk?.();
      await this.refresh();
      return true;
    }
    const fallback = { 401: 'not authorized: enter the operator token', 403: 'forbidden', 404: 'not found' }[res.status];
    this.showError(group, res.data?.message || fallback || `HTTP ${res.status}`, res.data?.field);
    if (res.status === 401 || res.status === 403) this.checkAccess();
    return false;
  }

  showError(group, message, field) {
    const g = this.groups[group];
    g.error.textContent = message;
    g.error.className = 'op-error';
    const input = field && g.fields[field];
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  showOk(group, message) {
    const g = this.groups[group];
    g.error.textContent = message;
    g.error.className = 'op-ok';
    clearTimeout(g.okTimer);
    g.okTimer = setTimeout(() => {
      if (g.error.className === 'op-ok') g.error.textContent = '';
    }, OK_VISIBLE_MS);
  }

  clearError(group) {
    const g = this.groups[group];
    g.error.textContent = '';
    g.error.className = 'op-error';
    for (const input of Object.values(g.fields)) input.removeAttribute('aria-invalid');
  }
}
