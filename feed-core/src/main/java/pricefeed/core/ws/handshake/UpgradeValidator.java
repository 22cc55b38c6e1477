package pricefeed.core.ws.handshake;

import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.handshake.HandshakeOutcome.Accepted;
import pricefeed.core.ws.handshake.HandshakeOutcome.Rejection;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static pricefeed.core.ws.handshake.HttpConstants.*;

/**
 * Decides whether a request head opens a WebSocket (RFC 6455 §4.2.1). The checks run in a fixed order and
 * the first failing one answers:
 * <ol>
 *   <li>the path is a configured WebSocket path, else 404 whatever the method, as for any resource that is
 *       not there;</li>
 *   <li>method GET, else 405 with {@code Allow: GET};</li>
 *   <li>an {@code Upgrade} header with the {@code websocket} token, else 426 (a plain HTTP request to a
 *       WebSocket path, HTTP/1.0 included);</li>
 *   <li>HTTP/1.1, else 400: an HTTP/1.0 request cannot upgrade (RFC 6455 §4.1);</li>
 *   <li>a {@code Connection} header with the {@code upgrade} token, else 400;</li>
 *   <li>exactly one {@code Host} header whose value is a host with an optional port, else 400 (RFC 9112 §3.2);</li>
 *   <li>no body: no {@code Transfer-Encoding} and no {@code Content-Length} other than 0, else 400. The frames
 *       begin right after the head, so bytes announced as a body would be read as frames;</li>
 *   <li>{@code Sec-WebSocket-Version: 13}, else 426. A missing version is answered the same way as a wrong
 *       one: 426 tells the client which version to send;</li>
 *   <li>exactly one {@code Sec-WebSocket-Key} that is base64 of 16 bytes, else 400;</li>
 *   <li>no {@code Origin}, or one in the allow-list (an empty list allows every origin), else 403.</li>
 * </ol>
 * Every 426 carries {@code Upgrade: websocket} (RFC 9110 §15.5.22 requires one) and
 * {@code Sec-WebSocket-Version: 13} (RFC 6455 §4.4); {@link HttpResponses#rejection} adds the {@code upgrade}
 * option to its {@code Connection} field. The subprotocol selected is the first of ours (in our order of
 * preference) that the client offered; a client offering only others is accepted without one, as RFC 6455
 * §4.2.2 permits. Immutable and thread-safe.
 */
public final class UpgradeValidator {

    private static final int MAX_ECHOED_CHARS = 64;

    private final Set<String> paths;
    private final Set<String> allowedOrigins;
    private final List<String> subprotocols;

    /**
     * @param paths          the request paths served as WebSocket endpoints, e.g. {@code /stream}
     * @param allowedOrigins the {@code Origin} values accepted (compared case-insensitively); empty allows all
     * @param subprotocols   the subprotocols we speak, most preferred first
     */
    public UpgradeValidator(Collection<String> paths, Collection<String> allowedOrigins, List<String> subprotocols) {
        this.paths = Set.copyOf(paths);
        this.allowedOrigins = Set.copyOf(allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
        this.subprotocols = List.copyOf(subprotocols);
    }

    /**
     * @param paths the WebSocket paths; every origin allowed; speaks {@value WebSocketProtocol#SUBPROTOCOL_JSON}
     * @return a validator with those defaults
     */
    public static UpgradeValidator forPaths(Collection<String> paths) {
        return new UpgradeValidator(paths, List.of(), List.of(WebSocketProtocol.SUBPROTOCOL_JSON));
    }

    /**
     * @param request a request head
     * @return {@link Accepted} for a valid upgrade, else the {@link Rejection} of the first failed check
     */
    public HandshakeOutcome validate(HttpHead request) {
        String path = request.path();
        if (!paths.contains(path)) {
            return Rejection.of(404, "no WebSocket endpoint at " + echo(path));
        }
        if (!request.method().equals(GET)) {
            return new Rejection(405, "method " + echo(request.method()) + " not allowed, use GET", Map.of(ALLOW, GET));
        }
        if (!request.hasToken(UPGRADE, WEBSOCKET)) {
            return upgradeRequired("this endpoint only speaks WebSocket: send Upgrade: websocket");
        }
        if (request.version().equals(HTTP_1_0)) {
            return Rejection.of(400, "a WebSocket handshake needs HTTP/1.1, not HTTP/1.0");
        }
        if (!request.hasToken(CONNECTION, UPGRADE_TOKEN)) {
            return Rejection.of(400, "Connection header must contain the upgrade token");
        }
        if (request.headers(HOST).size() != 1) {
            return Rejection.of(400, request.headers(HOST).isEmpty() ? "missing Host header" : "more than one Host header");
        }
        if (!HostField.isValid(request.header(HOST))) {
            return Rejection.of(400, "Host header is not a host[:port]: " + echo(request.header(HOST)));
        }
        // "0", "00" and the list "0, 0" all say no body (RFC 9112 §8.6 lets a list of one value repeated stand).
        if (!request.headers(TRANSFER_ENCODING).isEmpty() || request.headers(CONTENT_LENGTH).stream()
                .flatMap(length -> Arrays.stream(length.split(",", -1)))
                .anyMatch(length -> !length.trim().matches("0+"))) {
            return Rejection.of(400, "a WebSocket handshake has no body");
        }
        List<String> versions = request.headers(SEC_WEBSOCKET_VERSION);
        if (versions.size() > 1) {
            // RFC 6455 §11.3.5: it must not appear more than once in a request, so this is malformed, not
            // another version (a 426 would advertise 13 to a client that sent 13).
            return Rejection.of(400, "more than one Sec-WebSocket-Version");
        }
        if (versions.size() != 1 || !versions.get(0).equals(WebSocketProtocol.VERSION)) {
            String got = versions.isEmpty() ? "missing" : "unsupported (" + echo(String.join(", ", versions)) + ")";
            return upgradeRequired("Sec-WebSocket-Version " + got + ", only 13 is supported");
        }
        List<String> keys = request.headers(SEC_WEBSOCKET_KEY);
        if (keys.size() != 1) {
            return Rejection.of(400, keys.isEmpty() ? "missing Sec-WebSocket-Key" : "more than one Sec-WebSocket-Key");
        }
        if (!AcceptKey.isValidKey(keys.get(0))) {
            return Rejection.of(400, "Sec-WebSocket-Key must be base64 of 16 bytes");
        }
        if (!allowedOrigins.isEmpty()) {
            for (String origin : request.headers(ORIGIN)) {
                if (!allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
                    return Rejection.of(403, "origin " + echo(origin) + " not allowed");
                }
            }
        }
        return new Accepted(request, path, request.query(), AcceptKey.of(keys.get(0)), select(request));
    }

    private String select(HttpHead request) {
        for (String ours : subprotocols) {
            // Subprotocol names are case-sensitive tokens, unlike Connection and Upgrade values.
            if (request.tokens(SEC_WEBSOCKET_PROTOCOL).contains(ours)) {
                return ours;
            }
        }
        return null;
    }

    /** A 426 names what to speak, in the {@code Upgrade} it must carry, and which version of it. */
    private static Rejection upgradeRequired(String reason) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(UPGRADE, WEBSOCKET);
        headers.put(SEC_WEBSOCKET_VERSION, WebSocketProtocol.VERSION);
        return new Rejection(426, reason, headers);
    }

    /** Request values quoted back in a reason are cut short so a reason stays one short line. */
    private static String echo(String value) {
        return value.length() <= MAX_ECHOED_CHARS ? value : value.substring(0, MAX_ECHOED_CHARS) + "...";
    }
}
