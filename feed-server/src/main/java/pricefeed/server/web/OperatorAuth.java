package pricefeed.server.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may drive the simulator. With an operator token configured: whoever sends
 * {@code Authorization: Bearer <token>} (compared in constant time). Without one: only a client on this
 * machine, that is a loopback peer address whose {@code Host} and {@code Origin} headers, when present,
 * name a loopback host too. The header check stops a web page from operating through the user's browser:
 * cross-site ({@code Origin} names the other site) or by DNS rebinding ({@code Host} names the attacker's
 * domain). A bearer token needs no such check, since browsers never send it on their own.
 */
final class OperatorAuth {

    /** The outcome of a check. */
    enum Verdict {
        /** May operate. */
        ALLOWED,
        /** A token is configured and the request has none: 401. */
        MISSING_TOKEN,
        /** A token is configured and the request's is another one: 403. */
        WRONG_TOKEN,
        /** No token is configured and the peer is not on this machine: 403. */
        NOT_LOOPBACK,
        /** No token is configured; the peer is local but the page behind it is not: 403. */
        FOREIGN_PAGE
    }

    private static final String BEARER = "bearer ";

    private final byte[] tokenDigest;

    /** @param token the configured operator token, if any */
    OperatorAuth(Optional<String> token) {
        this.tokenDigest = token.map(OperatorAuth::digest).orElse(null);
    }

    /** @return whether a token is configured */
    boolean tokenRequired() {
        return tokenDigest != null;
    }

    /**
     * @param remote  the peer's socket address, or null if unknown
     * @param headers the request headers
     * @return the verdict
     */
    Verdict judge(InetSocketAddress remote, HttpHeaders headers) {
        if (tokenDigest != null) {
            String token = bearerToken(headers.get(HttpHeaderNames.AUTHORIZATION));
            if (token == null) {
                return Verdict.MISSING_TOKEN;
            }
            // Digests have one length whatever the token's, so the comparison time reveals nothing about it.
            return MessageDigest.isEqual(digest(token), tokenDigest) ? Verdict.ALLOWED : Verdict.WRONG_TOKEN;
        }
        if (remote == null || remote.getAddress() == null || !remote.getAddress().isLoopbackAddress()) {
            return Verdict.NOT_LOOPBACK;
        }
        String host = headers.get(HttpHeaderNames.HOST); // the head check lets one Host at most through
        // Every Origin field, not the first: a request may carry several (RFC 6454 allows one), and a foreign
        // page's origin behind a loopback one must not pass.
        boolean localPage = (host == null || isLoopbackHost(hostOfAuthority(host)))
                && headers.getAll(HttpHeaderNames.ORIGIN).stream().allMatch(o -> isLoopbackHost(hostOfOrigin(o)));
        return localPage ? Verdict.ALLOWED : Verdict.FOREIGN_PAGE;
    }

    /**
     * @param request a request to an operator endpoint
     * @throws ApiError 401 or 403 unless it may operate
     */
    void require(WebRequest request) {
        switch (judge(request.remote(), request.http().requestHeaders())) {
            case ALLOWED -> { }
            case MISSING_TOKEN -> throw ApiError.unauthorized(
                    "operator token required: send Authorization: Bearer <token>");
            case WRONG_TOKEN -> throw ApiError.forbidden("operator token rejected");
            case NOT_LOOPBACK -> throw ApiError.forbidden(
                    "operator endpoints are open to this machine only; start the server with --operator-token"
                            + " to operate from elsewhere");
            case FOREIGN_PAGE -> throw ApiError.forbidden(
                    "operator request from a page on another host refused; open the dashboard on localhost"
                            + " or start the server with --operator-token");
        }
    }

    /** @return the token of {@code Bearer <token>} (scheme in any case), or null if there is none */
    private static String bearerToken(String authorization) {
        String value = authorization == null ? "" : authorization.trim();
        if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = value.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    /** @return the host of {@code host[:port]} or {@code [v6]:port} */
    static String hostOfAuthority(String authority) {
        String a = authority.trim();
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end < 0 ? a : a.substring(1, end);
        }
        int colon = a.indexOf(':');
        return colon < 0 ? a : a.substring(0, colon);
    }

    private static String hostOfOrigin(String origin) {
        try {
            String host = new URI(origin.trim()).getHost(); // null for "null" and other opaque origins
            return host == null ? "" : host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        } catch (URISyntaxException e) {
            return "";
        }
    }

    /** Literal addresses and {@code localhost} only: no name is ever looked up. */
    static boolean isLoopbackHost(String host) {
        if (host.toLowerCase(Locale.ROOT).equals("localhost")) {
            return true;
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
        try {
            return address != null && InetAddress.getByAddress(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false; // only for an address of the wrong length, which the parser never returns
        }
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
