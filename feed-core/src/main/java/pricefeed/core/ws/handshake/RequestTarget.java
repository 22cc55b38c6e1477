package pricefeed.core.ws.handshake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a request target into its path and its decoded query (RFC 9112 §3.2, RFC 3986 §2.1), and reduces an
 * absolute-form target to origin-form. The web listener uses {@link #originForm} too.
 */
public final class RequestTarget {

    private RequestTarget() {
    }

    /**
     * @param target a request target as sent
     * @return its path, {@code /} when empty
     */
    static String path(String target) {
        String t = stripAuthority(target);
        int end = firstOf(t, '?', '#');
        String path = t.substring(0, end);
        return path.isEmpty() ? "/" : path;
    }

    static Map<String, String> query(String target) {
        String t = stripAuthority(target);
        int q = t.indexOf('?');
        if (q < 0) {
            return Map.of();
        }
        int hash = t.indexOf('#', q);
        String query = t.substring(q + 1, hash < 0 ? t.length() : hash);
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            // Repeated keys are a list, as on the web listener (?symbols=A&symbols=B is A,B).
            params.merge(key, value, (earlier, later) -> earlier + "," + later);
        }
        return Collections.unmodifiableMap(params);
    }

    /**
     * What RFC 3986 forbids in any request target (RFC 9112 §3.2) that a parser splitting on {@code ?} would
     * read past: a fragment, which clients never send (the stream listener answered {@code /stream#x} with a
     * 101 and read {@code ?symbols=A#B} as A alone), and a {@code %} that does not start a percent-encoded
     * octet (§2.1). Both listeners refuse such a target with 400.
     *
     * @param target a request target as sent, visible ASCII
     * @return why it is malformed, or null
     */
    public static String malformation(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '#') {
                return "'#' in the request target: a fragment is not sent to the server";
            }
            boolean octet = i + 2 < target.length() && hex(target.charAt(i + 1)) >= 0 && hex(target.charAt(i + 2)) >= 0;
            if (c == '%' && !octet) {
                return "'%' not followed by two hex digits in the request target";
            }
        }
        return null;
    }

    /**
     * A server must accept the absolute-form ({@code http://host:port/path?query}, RFC 9112 §3.2.2), though
     * only proxies are sent it as a rule.
     *
     * @param target a request target as sent
     * @return its origin-form ({@code /path?query}, {@code /} for an empty path); any other form unchanged
     */
    public static String originForm(String target) {
        String t = stripAuthority(target);
        return t == target || t.startsWith("/") ? t : "/" + t;
    }

    /**
     * RFC 9112 §3.2.2: for an absolute-form target the server uses its authority, not the Host field.
     *
     * @param target a request target as sent
     * @return the authority ({@code host:port}) of an absolute-form target, without any userinfo; null for
     *         any other form
     */
    public static String authority(String target) {
        int start = authorityStart(target);
        if (start < 0) {
            return null;
        }
        String authority = target.substring(start, authorityEnd(target, start));
        return authority.substring(authority.lastIndexOf('@') + 1);
    }

    /** An absolute-form target ({@code http://host:port/path}) is reduced to its origin-form part. */
    private static String stripAuthority(String target) {
        int start = authorityStart(target);
        return start < 0 ? target : target.substring(authorityEnd(target, start));
    }

    /** @return where the authority of an absolute-form target begins (after {@code ://}), else -1 */
    private static int authorityStart(String target) {
        int scheme = schemeEnd(target);
        return scheme < 0 ? -1 : scheme + "://".length();
    }

    /** @return where the authority that begins at {@code start} ends: at the path, query or fragment */
    private static int authorityEnd(String target, int start) {
        return start + firstOf(target.substring(start), '/', '?', '#');
    }

    /**
     * @return where {@code ://} follows a scheme that starts the target (RFC 3986 §3.1: a letter, then
     *         letters, digits, {@code + - .}), else -1: a {@code ://} in a path or query is not a scheme's
     */
    private static int schemeEnd(String target) {
        int end = target.indexOf("://");
        if (end < 1 || !isAsciiLetter(target.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < end; i++) {
            char c = target.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return end;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static int firstOf(String s, char... chars) {
        for (int i = 0; i < s.length(); i++) {
            for (char c : chars) {
                if (s.charAt(i) == c) {
                    return i;
                }
            }
        }
        return s.length();
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
