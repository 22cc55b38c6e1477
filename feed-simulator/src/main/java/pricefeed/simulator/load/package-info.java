/** The load-test client: many WebSocket clients on our own codec, measuring delivery, latency and seq integrity. */
package pricefeed.simulator.load;
