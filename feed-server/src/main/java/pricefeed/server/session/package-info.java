/** One WebSocket connection on /stream: inbound ops to replies, the byte-bounded outbound queue, timers. */
package pricefeed.server.session;
