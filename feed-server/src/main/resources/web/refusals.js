// What the page reads from the text of the server's error replies (docs/JSON-MESSAGES.md).

/**
 * @returns {number|null} N of a limit_exceeded message ("too many symbols: at most N per connection"); the
 *   other limit_exceeded texts (messages per second, entries in one request) say nothing of the limit
 */
export function limitOf(message) {
  const match = /at most (\d+) per connection/.exec(typeof message === 'string' ? message : '');
  return match ? Number(match[1]) : null;
}

/** @returns {string[]} the symbols an unknown_symbol message names ("unknown symbols: A, B") */
export function unknownSymbols(message) {
  const colon = typeof message === 'string' ? message.indexOf(':') : -1;
  return colon < 0 ? [] : message.slice(colon + 1).split(',').map((s) => s.trim()).filter(Boolean);
}
