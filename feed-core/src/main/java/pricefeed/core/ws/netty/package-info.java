/** Thin Netty adapters that run the RFC 6455 codec in a channel pipeline, for both roles. */
package pricefeed.core.ws.netty;
