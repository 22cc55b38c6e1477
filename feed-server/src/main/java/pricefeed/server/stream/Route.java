package pricefeed.server.stream;

import pricefeed.core.ws.WebSocketLimits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One WebSocket path and what serves it.
 *
 * @param path    the request path, e.g. {@code /stream}
 * @param handler serves each connection
 * @param limits  its frame and message limits
 */
record Route(String path, WebSocketHandler handler, WebSocketLimits limits) {

    /** Where the echo endpoint lives when enabled. */
    static final String ECHO_PATH = "/echo";

    Route {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(limits, "limits");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("a route path starts with '/': " + path);
        }
    }

    /**
     * @param config the listener config (echo switch, limits)
     * @param routes the application's routes; {@code /echo} is reserved
     * @return every route by path: the given ones with the stream limits, plus {@code /echo} when enabled
     */
    static Map<String, Route> table(StreamListenerConfig config, Map<String, WebSocketHandler> routes) {
        if (routes.containsKey(ECHO_PATH)) {
            throw new IllegalArgumentException(ECHO_PATH + " is reserved for the echo endpoint");
        }
        Map<String, Route> table = new LinkedHashMap<>();
        routes.forEach((path, handler) -> table.put(path, new Route(path, handler, config.streamLimits())));
        if (config.echoEnabled()) {
            table.put(ECHO_PATH, new Route(ECHO_PATH, new EchoEndpoint(), config.echoLimits()));
        }
        return Map.copyOf(table);
    }
}
