// REST calls to the web listener. Paths are relative to the page, so the dashboard also
// works when served under a prefix.

const TOKEN_KEY = 'pricefeed.operatorToken';
const CALL_TIMEOUT_MS = 10_000;
/** WEB-API.md's token syntax: 16 to 256 of A-Z a-z 0-9 - . _ ~ + /, then any = padding. */
const TOKEN_SYNTAX = /^[A-Za-z0-9\-._~+/]{16,256}=*$/;

/**
 * @param {string} token a candidate operator token
 * @returns {boolean} whether it has the documented syntax (and so can go in a header at all)
 */
export function isValidToken(token) {
  return TOKEN_SYNTAX.test(token);
}

/** The operator token the user entered, kept for this browser tab only. */
export const operatorToken = {
  /** @returns {string|null} */
  get() {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch (e) {
      return null; // storage disabled
    }
  },
  /** @param {string|null} token null or empty forgets it */
  set(token) {
    try {
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) {
      // storage disabled: the token lasts until reload
    }
  },
};

/**
 * One JSON request. Never throws for HTTP errors; a network failure rejects.
 * @param {string} path e.g. "api/symbols"
 * @param {{method?: string, body?: object, auth?: boolean, timeoutMs?: number}} options auth adds the
 *   operator token; after timeoutMs the request is abandoned (rejects)
 * @returns {Promise<{ok: boolean, status: number, data: any}>} data is the parsed body or null
 */
export async function call(path, { method = 'GET', body, auth = false, timeoutMs = CALL_TIMEOUT_MS } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = auth ? operatorToken.get() : null;
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(new URL(path, document.baseURI), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    signal: AbortSignal.timeout(timeoutMs),
  });
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = { message: text.slice(0, 200) };
    }
  }
  return { ok: response.ok, status: response.status, data };
}

/**
 * @param {string} path a GET path
 * @param {number} timeoutMs how long to wait for the whole answer
 * @returns {Promise<any>} the parsed body; rejects on a network failure, a timeout or non-2xx status
 */
export async function getJson(path, timeoutMs = CALL_TIMEOUT_MS) {
  const { ok, status, data } = await call(path, { timeoutMs });
  if (!ok) throw new Error(`GET ${path}: HTTP ${status}`);
  return data;
}
