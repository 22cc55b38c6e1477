package pricefeed.server.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request the web listener refuses, with everything its JSON answer needs:
 * {@code {"error":"<code>","field":"<field>","message":"<message>"}} ({@code field} only when one field is
 * to blame) and the status and headers. Thrown by handlers and parsers and rendered in one place
 * ({@link Router}); it carries no stack trace since it is an answer, not a bug.
 */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The {@code error} value of an answer, with its status. */
    enum Code {
        /** A missing, ill-typed, out-of-range or unknown field, or a body that is not JSON. */
        BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "bad_request"),
        /** No operator token where one is configured. */
        UNAUTHORIZED(HttpResponseStatus.UNAUTHORIZED, "unauthorized"),
        /** A wrong token, or a non-loopback client where no token is configured. */
        FORBIDDEN(HttpResponseStatus.FORBIDDEN, "forbidden"),
        /** No such path. */
        NOT_FOUND(HttpResponseStatus.NOT_FOUND, "not_found"),
        /** A symbol the fan-out or simulator does not know. */
        UNKNOWN_SYMBOL(HttpResponseStatus.NOT_FOUND, "unknown_symbol"),
        /** A known path, another method. */
        METHOD_NOT_ALLOWED(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed"),
        /** Adding a symbol that exists. */
        CONFLICT(HttpResponseStatus.CONFLICT, "conflict"),
        /** Over a count limit: too many symbols on a stream or in the simulator. */
        LIMIT_EXCEEDED(HttpResponseStatus.CONFLICT, "limit_exceeded"),
        /** A request head or body not complete within its deadline ({@link RequestHeadDeadline}). */
        REQUEST_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout"),
        /** A request line over {@link WebConstants#MAX_REQUEST_LINE_BYTES} (the HTTP codec's answer). */
        URI_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long"),
        /** Header fields over {@link WebConstants#MAX_HEADER_BYTES} (the HTTP codec's answer). */
        HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large"),
        /** A body over {@link WebConstants#MAX_BODY_BYTES}. */
        PAYLOAD_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large"),
        /** The simulator is closed (the server is shutting down); too many connections; no memory for the answer. */
        UNAVAILABLE(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable"),
        /** Our own bug; logged. */
        INTERNAL(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error");

        private final HttpResponseStatus status;
        private final String wire;

        Code(HttpResponseStatus status, String wire) {
            this.status = status;
            this.wire = wire;
        }

        HttpResponseStatus status() {
            return status;
        }

        String wire() {
            return wire;
        }
    }

    private final Code code;
    private final String field;
    private final Map<String, String> headers;

    private ApiError(Code code, String field, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
        this.headers = headers;
    }

    static ApiError of(Code code, String field, String message) {
        return new ApiError(code, field, message, Map.of());
    }

    static ApiError badRequest(String field, String message) {
        return of(Code.BAD_REQUEST, field, message);
    }

    /** @param symbols every unknown symbol of the request, in its order */
    static ApiError unknownSymbols(List<String> symbols) {
        String message = (symbols.size() == 1 ? "unknown symbol: " : "unknown symbols: ") + String.join(", ", symbols);
        return of(Code.UNKNOWN_SYMBOL, null, message);
    }

    static ApiError notFound(String path) {
        return of(Code.NOT_FOUND, null, "no such resource: " + path);
    }

    /** @param allowed the methods the path does accept, for {@code Allow} */
    static ApiError methodNotAllowed(HttpMethod method, Set<HttpMethod> allowed) {
        Set<String> names = new TreeSet<>();
        allowed.forEach(m -> names.add(m.name()));
        String allow = String.join(", ", names);
        return new ApiError(Code.METHOD_NOT_ALLOWED, null, "method " + method.name() + " not allowed, use " + allow,
                Map.of(HttpHeaderNames.ALLOW.toString(), allow));
    }

    static ApiError unauthorized(String message) {
        return new ApiError(Code.UNAUTHORIZED, null, message,
                Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), WebConstants.BEARER_CHALLENGE));
    }

    static ApiError forbidden(String message) {
        return of(Code.FORBIDDEN, null, message);
    }

    /** @param max {@code --max-web-connections} */
    static ApiError tooManyConnections(int max) {
        return new ApiError(Code.UNAVAILABLE, null, "too many web connections (limit " + max + "); try again later",
                Map.of(HttpHeaderNames.RETRY_AFTER.toString(), "1"));
    }

    /**
     * @return the answer in place of one that would take what web answers not yet written hold over their budget
     *         ({@link AnswerBudget}): such answers are held by clients that read slowly or not at all, and are
     *         closed within the handshake timeout if they take nothing, so a retry soon may well succeed
     */
    static ApiError answersOverBudget() {
        return new ApiError(Code.UNAVAILABLE, null,
                "answers not yet read by their clients fill the memory set aside for answers; try again later",
                Map.of(HttpHeaderNames.RETRY_AFTER.toString(), "1"));
    }

    /** @param deadline how long the head had */
    static ApiError headTimeout(Duration deadline) {
        return of(Code.REQUEST_TIMEOUT, null, "request head not complete within " + deadline.toMillis() + " ms");
    }

    /** @param deadline how long the request, head and body, had */
    static ApiError bodyTimeout(Duration deadline) {
        return of(Code.REQUEST_TIMEOUT, null, "request body not complete within " + deadline.toMillis() + " ms");
    }

    static ApiError tooLarge() {
        return of(Code.PAYLOAD_TOO_LARGE, null, "body is larger than " + WebConstants.MAX_BODY_BYTES + " bytes");
    }

    Code code() {
        return code;
    }

    /** @return the field to blame, or null */
    String field() {
        return field;
    }

    /** @return extra response headers, e.g. {@code Allow} */
    Map<String, String> headers() {
        return headers;
    }
}
