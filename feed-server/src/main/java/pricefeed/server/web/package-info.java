/** The web listener (PROTOCOL.md section 6): dashboard files, REST, SSE, metrics, health and the operator API. */
package pricefeed.server.web;
