/** The end-to-end fan-out benchmark: our server against the Reactor Netty baseline, as separate processes on pinned cores. */
package pricefeed.bench.e2e;
