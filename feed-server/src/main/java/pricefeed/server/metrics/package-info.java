/** The server's Prometheus metrics: the names PROTOCOL.md requires, cheap to update from hot paths. */
package pricefeed.server.metrics;
