/** Test helpers for WebSocket code, shared through feed-core's test-jar: hex, raw frames, a recording listener. */
package pricefeed.core.ws.testing;
