package pricefeed.core.ws.handshake;

import io.netty.handler.codec.DateFormatter;
import pricefeed.core.ws.handshake.HandshakeOutcome.Accepted;
import pricefeed.core.ws.handshake.HandshakeOutcome.Rejection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static pricefeed.core.ws.handshake.HttpConstants.*;

/** The exact bytes of the server's handshake answers. */
public final class HttpResponses {

    private static final Map<Integer, String> REASON_PHRASES = Map.ofEntries(
            Map.entry(101, "Switching Protocols"),
            Map.entry(400, "Bad Request"),
            Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(408, "Request Timeout"),
            Map.entry(426, "Upgrade Required"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(503, "Service Unavailable"));

    /**
     * Header with the time the response was made. Here rather than in {@link HttpConstants}, beside the one
     * answer that sends it: the handshake never reads it.
     */
    private static final String DATE = "Date";

    private HttpResponses() {
    }

    /**
     * @param status an HTTP status this server answers with
     * @return its standard reason phrase (RFC 7231 §6.1, RFC 6585)
     */
    public static String reasonPhrase(int status) {
        String phrase = REASON_PHRASES.get(status);
        if (phrase == null) {
            throw new IllegalArgumentException("no reason phrase for status " + status);
        }
        return phrase;
    }

    /**
     * @param accepted the validated upgrade
     * @return the 101 response completing the handshake
     */
    public static byte[] switchingProtocols(Accepted accepted) {
        return switchingProtocols(accepted.acceptKey(), accepted.subprotocol());
    }

    /**
     * @param acceptKey   the {@code Sec-WebSocket-Accept} value
     * @param subprotocol the selected subprotocol, or null for none
     * @return the 101 response: status line, Upgrade, Connection, Sec-WebSocket-Accept, optional
     *         Sec-WebSocket-Protocol, empty line
     */
    public static byte[] switchingProtocols(String acceptKey, String subprotocol) {
        StringBuilder sb = statusLine(STATUS_SWITCHING_PROTOCOLS);
        header(sb, UPGRADE, WEBSOCKET);
        header(sb, CONNECTION, "Upgrade");
        header(sb, SEC_WEBSOCKET_ACCEPT, acceptKey);
        if (subprotocol != null) {
            header(sb, SEC_WEBSOCKET_PROTOCOL, subprotocol);
        }
        sb.append(CRLF);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param rejection     the refusal
     * @param requestMethod the request's method, or null if it could not be read
     * @return the error response for now (see {@link #rejection(Rejection, String, Instant)})
     */
    public static byte[] rejection(Rejection rejection, String requestMethod) {
        return rejection(rejection, requestMethod, Instant.now());
    }

    /**
     * @param rejection     the refusal
     * @param requestMethod the request's method, or null if it could not be read
     * @param now           the time it is sent: an origin server with a clock dates every 4xx (RFC 9110 §6.6.1)
     * @return the error response: status line, Date, Content-Type, Content-Length, {@code Connection: close} (or
     *         {@code Connection: upgrade, close} when an extra header is {@code Upgrade}), the extra headers,
     *         empty line, then the reason and a newline as a UTF-8 body. To {@code HEAD} the same head without
     *         the body (RFC 9110 §9.3.2: its Content-Length is what a GET would get)
     */
    public static byte[] rejection(Rejection rejection, String requestMethod, Instant now) {
        byte[] body = (rejection.reason() + "\n").getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = statusLine(rejection.status());
        // RFC 9110 §5.6.7's IMF-fixdate, Sun, 06 Nov 1994 08:49:37 GMT, as Netty's codec writes it.
        header(sb, DATE, DateFormatter.format(Date.from(now)));
        header(sb, CONTENT_TYPE, TEXT_PLAIN_UTF8);
        header(sb, CONTENT_LENGTH, Integer.toString(body.length));
        // RFC 9110 §7.8: whoever sends Upgrade must list the upgrade option in Connection too.
        boolean upgrade = rejection.extraHeaders().keySet().stream().anyMatch(UPGRADE::equalsIgnoreCase);
        header(sb, CONNECTION, upgrade ? UPGRADE_CLOSE : CLOSE);
        rejection.extraHeaders().forEach((name, value) -> header(sb, name, value));
        sb.append(CRLF);
        byte[] head = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (HEAD.equals(requestMethod)) {
            return head;
        }
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    private static StringBuilder statusLine(int status) {
        return new StringBuilder(256).append(HTTP_1_1).append(' ').append(status).append(' ')
                .append(reasonPhrase(status)).append(CRLF);
    }

    static void header(StringBuilder sb, String name, String value) {
        if (!HttpHeadParser.isToken(name) || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("invalid header: " + name);
        }
        sb.append(name).append(": ").append(value).append(CRLF);
    }
}
