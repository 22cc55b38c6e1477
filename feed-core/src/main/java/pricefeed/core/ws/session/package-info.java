/** Per-connection protocol state that is independent of Netty: the close handshake. */
package pricefeed.core.ws.session;
