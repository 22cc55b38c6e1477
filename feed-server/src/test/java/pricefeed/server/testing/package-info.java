/** Test clients and helpers shared by the feed-server tests of several packages. */
package pricefeed.server.testing;
