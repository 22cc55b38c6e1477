package pricefeed.server.web;

import pricefeed.core.ws.handshake.HttpHeadParser;
import reactor.netty.http.server.HttpServerRequest;

import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One routed request: the Reactor Netty request with its decoded path, query and path parameter.
 *
 * @param http  the request
 * @param path  the percent-decoded path, e.g. {@code /api/simulator/symbols/AAPL}
 * @param query the decoded query parameters
 * @param param the path's last segment when the route ends in a parameter, else null
 */
record WebRequest(HttpServerRequest http, String path, Map<String, List<String>> query, String param) {

    /**
     * @param name a query parameter
     * @return its values in order (a repeated parameter gives several), empty if absent
     */
    List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }

    /**
     * @param name a query parameter
     * @return its first value, or null if absent
     */
    String queryValue(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * @param name a request header
     * @return its first value, or null if absent
     */
    String header(CharSequence name) {
        return http.requestHeaders().get(name);
    }

    /**
     * @param name a list-valued request header (RFC 9110 §5.3: its fields may be combined with commas)
     * @return every value of it, joined with ", ", or null if absent
     */
    String combinedHeader(CharSequence name) {
        List<String> values = http.requestHeaders().getAll(name);
        return values.isEmpty() ? null : String.join(", ", values);
    }

    /** @return the client's address as the socket sees it (never from forwarding headers), or null */
    InetSocketAddress remote() {
        return http.remoteAddress();
    }

    /** @return the client's address for logs */
    String who() {
        return who(remote());
    }

    /**
     * @param remote a client's address, or null
     * @return it for logs: {@code 127.0.0.1:52144}
     */
    static String who(InetSocketAddress remote) {
        return remote == null ? "unknown" : remote.getAddress() == null ? remote.getHostString()
                : remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    /**
     * @param values comma-separated lists (a repeated parameter gives several)
     * @return the items that are not blank, spaces and tabs trimmed, first occurrence of each, in order. Only
     *         those two are trimmed: {@code String.trim} would also drop control characters, and then
     *         {@code AAPL%00} would name AAPL instead of the unknown symbol it is
     */
    static List<String> commaSeparated(List<String> values) {
        Set<String> items = new LinkedHashSet<>();
        for (String value : values) {
            for (String item : value.split(",", -1)) {
                String trimmed = HttpHeadParser.trimOws(item);
                if (!trimmed.isEmpty()) {
                    items.add(trimmed);
                }
            }
        }
        return List.copyOf(items);
    }

}
