/** The HTTP/1.1 upgrade handshake of RFC 6455 §4, parsed by hand: request/response heads, validation, answers. */
package pricefeed.core.ws.handshake;
