/** The stream listener: Reactor Netty {@code TcpServer} with our own upgrade handshake, routes and /echo. */
package pricefeed.server.stream;
