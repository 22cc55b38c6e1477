/** The comparison server: the {@code /stream} protocol written idiomatically on Reactor Netty's built-in WebSocket support. */
package pricefeed.bench.baseline;
