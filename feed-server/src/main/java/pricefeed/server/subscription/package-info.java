/** Fan-out of ticks to subscribed sessions: encode once, per-symbol history for resume, conflation. */
package pricefeed.server.subscription;
