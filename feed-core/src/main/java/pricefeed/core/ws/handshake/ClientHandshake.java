package pricefeed.core.ws.handshake;

import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.handshake.HandshakeFailure.Kind;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

import static pricefeed.core.ws.handshake.HttpConstants.*;

/**
 * The client side of one opening handshake (RFC 6455 §4.1): the request to send and the check of the
 * server's response head. One instance per connection attempt, since it holds that attempt's key.
 */
public final class ClientHandshake {

    private final URI uri;
    private final List<String> subprotocols;
    private final String origin;
    private final String key;

    /**
     * @param uri          a {@code ws}, {@code wss}, {@code http} or {@code https} URI with a host
     * @param subprotocols the subprotocols to offer, most preferred first; may be empty
     * @param origin       the {@code Origin} to send, or null for none
     * @param keySource    where the 16 key bytes come from ({@link SecureRandom} in production, seeded in tests)
     */
    public ClientHandshake(URI uri, List<String> subprotocols, String origin, Random keySource) {
        this.uri = Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("ws", "wss", "http", "https").contains(scheme) || uri.getHost() == null) {
            throw new IllegalArgumentException("need a ws:// or wss:// URI with a host: " + uri);
        }
        this.subprotocols = List.copyOf(subprotocols);
        for (String p : this.subprotocols) {
            if (!HttpHeadParser.isToken(p)) {
                throw new IllegalArgumentException("a subprotocol must be a token: " + p);
            }
        }
        this.origin = origin;
        byte[] nonce = new byte[WebSocketProtocol.KEY_DECODED_LENGTH];
        keySource.nextBytes(nonce);
        this.key = Base64.getEncoder().encodeToString(nonce);
    }

    /**
     * @param uri          the endpoint
     * @param subprotocols the subprotocols to offer, most preferred first
     * @return a handshake with a key from {@link SecureRandom} and no {@code Origin}
     */
    public static ClientHandshake create(URI uri, List<String> subprotocols) {
        return new ClientHandshake(uri, subprotocols, null, new SecureRandom());
    }

    /** @return this attempt's {@code Sec-WebSocket-Key} */
    public String key() {
        return key;
    }

    /** @return the {@code Sec-WebSocket-Accept} the server must answer with */
    public String expectedAccept() {
        return AcceptKey.of(key);
    }

    /**
     * @return the request head bytes: request line with path and query, Host with port, Upgrade,
     *         Connection, Sec-WebSocket-Key, Sec-WebSocket-Version, then the optional Sec-WebSocket-Protocol
     *         and Origin, and the empty line
     */
    public byte[] request() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        StringBuilder sb = new StringBuilder(256);
        sb.append(GET).append(' ').append(target).append(' ').append(HTTP_1_1).append(CRLF);
        HttpResponses.header(sb, HOST, uri.getHost() + ":" + port());
        HttpResponses.header(sb, UPGRADE, WEBSOCKET);
        HttpResponses.header(sb, CONNECTION, "Upgrade");
        HttpResponses.header(sb, SEC_WEBSOCKET_KEY, key);
        HttpResponses.header(sb, SEC_WEBSOCKET_VERSION, WebSocketProtocol.VERSION);
        if (!subprotocols.isEmpty()) {
            HttpResponses.header(sb, SEC_WEBSOCKET_PROTOCOL, String.join(", ", subprotocols));
        }
        if (origin != null) {
            HttpResponses.header(sb, ORIGIN, origin);
        }
        sb.append(CRLF);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private int port() {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("wss") || scheme.equals("https") ? 443 : 80;
    }

    /**
     * Checks the server's response head.
     *
     * @param response the parsed response head
     * @return the subprotocol the server selected, or null for none
     * @throws HandshakeFailure naming the first check that failed
     */
    public String validate(HttpHead response) {
        int status = response.status();
        if (status != STATUS_SWITCHING_PROTOCOLS) {
            throw new HandshakeFailure(Kind.UNEXPECTED_STATUS, status,
                    "expected status 101, got " + status + " " + response.reasonPhrase());
        }
        // A request may list other protocols beside websocket; the answer names the one switched to, and
        // RFC 6455 section 4.1 has the client fail on any value that is not websocket.
        List<String> upgrades = response.tokens(UPGRADE);
        if (upgrades.isEmpty() || !upgrades.stream().allMatch(WEBSOCKET::equalsIgnoreCase)) {
            throw new HandshakeFailure(Kind.MISSING_UPGRADE, status,
                    upgrades.isEmpty() ? "response lacks Upgrade: websocket"
                            : "response Upgrade " + upgrades + " is not websocket alone");
        }
        if (!response.hasToken(CONNECTION, UPGRADE_TOKEN)) {
            throw new HandshakeFailure(Kind.MISSING_CONNECTION_UPGRADE, status,
                    "response Connection header lacks the upgrade token");
        }
        List<String> accepts = response.headers(SEC_WEBSOCKET_ACCEPT);
        if (accepts.size() != 1 || !accepts.get(0).equals(expectedAccept())) {
            throw new HandshakeFailure(Kind.ACCEPT_MISMATCH, status,
                    "Sec-WebSocket-Accept " + accepts + " does not match the key");
        }
        // An empty field selects nothing, like an empty Sec-WebSocket-Protocol below (section 4.1, steps 5-6).
        if (!response.tokens(SEC_WEBSOCKET_EXTENSIONS).isEmpty()) {
            throw new HandshakeFailure(Kind.UNREQUESTED_EXTENSION, status,
                    "server selected an extension we did not offer");
        }
        List<String> selected = response.tokens(SEC_WEBSOCKET_PROTOCOL);
        if (selected.isEmpty()) {
            return null;
        }
        if (selected.size() > 1 || !subprotocols.contains(selected.get(0))) {
            throw new HandshakeFailure(Kind.UNOFFERED_SUBPROTOCOL, status,
                    "server selected subprotocol " + selected + " we did not offer");
        }
        return selected.get(0);
    }
}
