package pricefeed.core.ws.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable HTTP/1.1 message head: a request line or status line plus the header fields, in the order
 * received. Header names are looked up case-insensitively. A head is either a request or a response; the
 * accessors of the other kind throw {@link IllegalStateException}.
 */
public final class HttpHead {

    /**
     * One header field as received.
     *
     * @param name  the field name, original case
     * @param value the value with surrounding whitespace removed
     */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    private final boolean request;
    private final String method;
    private final String target;
    private final String version;
    private final int status;
    private final String reasonPhrase;
    private final List<Field> fields;

    private HttpHead(boolean request, String method, String target, String version, int status,
                     String reasonPhrase, List<Field> fields) {
        this.request = request;
        this.method = method;
        this.target = target;
        this.version = Objects.requireNonNull(version, "version");
        this.status = status;
        this.reasonPhrase = reasonPhrase;
        this.fields = List.copyOf(fields);
    }

    /**
     * @param method  the request method, e.g. {@code GET}
     * @param target  the request target as sent, e.g. {@code /stream?symbols=AAPL}
     * @param version the HTTP version, e.g. {@code HTTP/1.1}
     * @param fields  the header fields in order
     * @return a request head
     */
    public static HttpHead request(String method, String target, String version, List<Field> fields) {
        return new HttpHead(true, Objects.requireNonNull(method, "method"), Objects.requireNonNull(target, "target"),
                version, 0, null, fields);
    }

    /**
     * @param version      the HTTP version, e.g. {@code HTTP/1.1}
     * @param status       the three-digit status code
     * @param reasonPhrase the reason phrase, possibly empty
     * @param fields       the header fields in order
     * @return a response head
     */
    public static HttpHead response(String version, int status, String reasonPhrase, List<Field> fields) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
        return new HttpHead(false, null, null, version, status, Objects.requireNonNull(reasonPhrase, "reasonPhrase"),
                fields);
    }

    /** @return whether this is a request head (else a response head) */
    public boolean isRequest() {
        return request;
    }

    /** @return the request method */
    public String method() {
        requireRequest();
        return method;
    }

    /** @return the request target exactly as sent */
    public String target() {
        requireRequest();
        return target;
    }

    /** @return the HTTP version of the start line */
    public String version() {
        return version;
    }

    /** @return the response status code */
    public int status() {
        requireResponse();
        return status;
    }

    /** @return the response reason phrase, possibly empty */
    public String reasonPhrase() {
        requireResponse();
        return reasonPhrase;
    }

    /** @return every header field in the order received */
    public List<Field> fields() {
        return fields;
    }

    /**
     * @param name a header name, any case
     * @return the value of the first field with that name, or null when there is none
     */
    public String header(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /**
     * @param name a header name, any case
     * @return the values of every field with that name, in order; empty when there is none
     */
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                values.add(f.value());
            }
        }
        return values;
    }

    /**
     * The elements of a comma-separated list header (such as {@code Connection: keep-alive, Upgrade}) over
     * every field of that name, whitespace removed, empty elements skipped.
     *
     * @param name a header name, any case
     * @return the elements in order, original case
     */
    public List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>(2);
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                for (String element : f.value().split(",")) {
                    String token = element.strip();
                    if (!token.isEmpty()) {
                        tokens.add(token);
                    }
                }
            }
        }
        return tokens;
    }

    /**
     * Whether a comma-separated list header holds a token, compared case-insensitively.
     *
     * @param name  a header name, any case
     * @param token the token to look for
     * @return true if any element of any such field equals the token ignoring case
     */
    public boolean hasToken(String name, String token) {
        for (String element : tokens(name)) {
            if (element.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The path of the request target, still percent-encoded as sent (an absolute-form target such as
     * {@code http://host/echo} yields {@code /echo}).
     *
     * @return the path, starting with {@code /} (or {@code *} for an asterisk-form target)
     */
    public String path() {
        requireRequest();
        return RequestTarget.path(target);
    }

    /**
     * The query of the request target, percent-decoded as UTF-8 with {@code +} as a space. The values
     * of a repeated key are joined with commas, in order; a key without {@code =} maps to the empty
     * string; a malformed escape is kept literally.
     *
     * @return the decoded query parameters in order, empty when there is no query
     */
    public Map<String, String> query() {
        requireRequest();
        return RequestTarget.query(target);
    }

    private void requireRequest() {
        if (!request) {
            throw new IllegalStateException("not a request head");
        }
    }

    private void requireResponse() {
        if (request) {
            throw new IllegalStateException("not a response head");
        }
    }

    @Override
    public String toString() {
        String start = request ? method + " " + target + " " + version : version + " " + status + " " + reasonPhrase;
        return start + " " + fields;
    }
}
