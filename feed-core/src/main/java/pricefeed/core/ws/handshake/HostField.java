package pricefeed.core.ws.handshake;

import java.util.regex.Pattern;

/** What a {@code Host} header field may hold (RFC 9112 §3.2): a host as RFC 3986 writes it, and an optional port. */
public final class HostField {

    /**
     * A bracketed IP literal, or a possibly empty reg-name or IPv4 address; then {@code :port}, digits optional.
     * The literal may carry an IPv6 zone id after {@code %} or {@code %25} (RFC 6874): the JDK's HttpClient
     * sends it raw, as in {@code [fe80::1%eth0]:8081}.
     */
    private static final Pattern VALUE =
            Pattern.compile("(\\[[0-9A-Za-z:.!$&'()*+,;=_~%-]+]|[0-9A-Za-z.!$&'()*+,;=_~%-]*)(:[0-9]*)?");

    private HostField() {
    }

    /**
     * @param value a Host field's value, whitespace around it already trimmed
     * @return whether it is {@code host[:port]}; an empty value is valid (a target without authority)
     */
    public static boolean isValid(String value) {
        return VALUE.matcher(value).matches();
    }
}
