/** Test helpers shared through feed-core's test-jar: hex, raw frames, a recording listener, allocation counts. */
package pricefeed.core.ws.testing;
