/** RFC 6455 vocabulary shared by both roles: wire constants, close codes, roles, limits and violations. */
package pricefeed.core.ws;
