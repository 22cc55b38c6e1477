/** The JSON messages of {@code /stream} (PROTOCOL.md §4): client ops and server replies, parsed and encoded. */
package pricefeed.core.json;
