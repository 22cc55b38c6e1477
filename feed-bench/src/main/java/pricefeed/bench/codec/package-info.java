/** JMH benchmarks of the RFC 6455 frame codec against Netty's WebSocket codec, driven the same way. */
package pricefeed.bench.codec;
