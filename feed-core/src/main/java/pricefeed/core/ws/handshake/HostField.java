package pricefeed.core.ws.handshake;

import java.util.regex.Pattern;

/**
 * What a {@code Host} header field may hold (RFC 9112 §3.2): a host as RFC 3986 §3.2.2 writes it, and an optional
 * port. Both listeners read it here: the stream listener's handshake and the web listener's head check.
 */
public final class HostField {

    /** A reg-name, which covers IPv4 addresses: unreserved and sub-delims characters, {@code %} and two hex digits. */
    private static final Pattern REG_NAME = Pattern.compile("(?:[0-9A-Za-z._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})*");
    /** IPvFuture: {@code v}, a hex version, {@code .}, then unreserved, sub-delims or {@code :} characters. */
    private static final Pattern IP_FUTURE = Pattern.compile("[vV][0-9A-Fa-f]+\\.[0-9A-Za-z._~!$&'()*+,;=:-]+");
    /** An IPv6 zone id (RFC 6874 ZoneID): unreserved characters and percent-encoded octets. */
    private static final Pattern ZONE_ID = Pattern.compile("(?:[0-9A-Za-z._~-]|%[0-9A-Fa-f]{2})+");
    /** One 16-bit piece of an IPv6 address. */
    private static final Pattern H16 = Pattern.compile("[0-9A-Fa-f]{1,4}");
    /** A dotted IPv4 address as RFC 3986 writes it in an IPv6 address: decimal octets without leading zeros. */
    private static final Pattern IPV4 = Pattern.compile("(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
            + "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
    /** RFC 3986 lets a port be any digits; an http(s) port is a TCP port (RFC 9110 §4.2), so at most this. */
    private static final int MAX_PORT = 65_535;
    private static final int IPV6_PIECES = 8;

    private HostField() {
    }

    /**
     * @param value a Host field's value, whitespace around it already trimmed
     * @return whether it is {@code host[:port]}; an empty value is valid (a target without authority), and so is
     *         an empty port ({@code h:}, RFC 3986 §3.2.3)
     */
    public static boolean isValid(String value) {
        boolean host;
        String rest;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                return false;
            }
            host = isIpLiteral(value.substring(1, close));
            rest = value.substring(close + 1);
        } else {
            int colon = value.indexOf(':');
            int end = colon < 0 ? value.length() : colon;
            host = REG_NAME.matcher(value.substring(0, end)).matches();
            rest = value.substring(end);
        }
        return host && (rest.isEmpty() || rest.charAt(0) == ':' && isPort(rest.substring(1)));
    }

    /**
     * An IPv6 address or IPvFuture. The address may carry a zone id after {@code %25} (RFC 6874) or after a raw
     * {@code %}: the JDK's HttpClient sends it raw, as in {@code [fe80::1%eth0]:8081}.
     */
    private static boolean isIpLiteral(String literal) {
        if (IP_FUTURE.matcher(literal).matches()) {
            return true;
        }
        int zone = literal.indexOf('%');
        if (zone < 0) {
            return isIpv6(literal);
        }
        return ZONE_ID.matcher(literal.substring(zone + 1)).matches() && isIpv6(literal.substring(0, zone));
    }

    /**
     * RFC 3986 IPv6address: eight 16-bit pieces, the last two of which may be written as an IPv4 address; one
     * {@code ::} stands for one or more zero pieces, so at most seven are written around it.
     */
    private static boolean isIpv6(String address) {
        int gap = address.indexOf("::");
        if (gap < 0) {
            return pieces(address, true) == IPV6_PIECES;
        }
        if (address.indexOf("::", gap + 1) >= 0) {
            return false; // a second gap, or ":::"
        }
        String before = address.substring(0, gap);
        String after = address.substring(gap + 2);
        int head = before.isEmpty() ? 0 : pieces(before, false);
        int tail = after.isEmpty() ? 0 : pieces(after, true);
        return head >= 0 && tail >= 0 && head + tail < IPV6_PIECES;
    }

    /**
     * @param part     pieces between single colons
     * @param ipv4Last whether the last may be an IPv4 address (only the end of an address may)
     * @return how many 16-bit pieces {@code part} holds (an IPv4 address is two), or -1 if it is malformed
     */
    private static int pieces(String part, boolean ipv4Last) {
        String[] written = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < written.length; i++) {
            if (H16.matcher(written[i]).matches()) {
                count++;
            } else if (ipv4Last && i == written.length - 1 && IPV4.matcher(written[i]).matches()) {
                count += 2;
            } else {
                return -1;
            }
        }
        return count;
    }

    /** Digits, none at all included (RFC 3986 §3.2.3); leading zeros are allowed, so {@code 0080} is port 80. */
    private static boolean isPort(String port) {
        int value = 0;
        for (int i = 0; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + (c - '0');
            if (value > MAX_PORT) {
                return false;
            }
        }
        return true;
    }
}
