package pricefeed.server.web;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.server.DroppedErrors;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Maps method and path to a handler: exact paths, and paths ending in one parameter segment
 * ({@code /api/simulator/symbols/{symbol}}). An unknown path is a 404, a known path with another
 * method a 405 with {@code Allow}. Every {@link ApiError} a handler throws or signals becomes its JSON
 * answer here, and so does a body that fails to decode before the answer has begun ({@link MalformedBody});
 * anything else is logged and answered 500 (or the connection closed, if the response had started).
 */
final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final String PARAM = "{}";

    /** Answers one routed request. */
    @FunctionalInterface
    interface Handler {
        /**
         * @param request  the request, path decoded
         * @param response the response
         * @return completes when the response is done
         */
        Publisher<Void> handle(WebRequest request, HttpServerResponse response);
    }

    // path (with "{}" for the parameter segment) -> method -> handler; insertion order for readable Allow lists
    private final Map<String, Map<HttpMethod, Handler>> exact = new LinkedHashMap<>();
    private final Map<String, Map<HttpMethod, Handler>> withParam = new LinkedHashMap<>();

    /**
     * @param method  the method
     * @param path    an exact path, or one ending in {@code /{name}} for a parameter segment
     * @param handler the handler
     * @return this
     * @throws IllegalStateException if that method and path already have a handler
     */
    Router add(HttpMethod method, String path, Handler handler) {
        int brace = path.lastIndexOf("/{");
        Map<String, Map<HttpMethod, Handler>> table = brace >= 0 && path.endsWith("}") ? withParam : exact;
        String key = table == withParam ? path.substring(0, brace + 1) + PARAM : path;
        if (table.computeIfAbsent(key, k -> new LinkedHashMap<>()).putIfAbsent(method, handler) != null) {
            throw new IllegalStateException("route defined twice: " + method + " " + path);
        }
        return this;
    }

    /**
     * A GET route that answers HEAD too (RFC 9110 §9.3.2): the same status and headers, and the
     * HTTP codec leaves the body out. Not for endless responses such as a stream of events.
     *
     * @param path    as for {@link #add}
     * @param handler the handler
     * @return this
     */
    Router get(String path, Handler handler) {
        return add(HttpMethod.GET, path, handler).add(HttpMethod.HEAD, path, handler);
    }

    /**
     * The listener's one handler.
     *
     * @param http     the request
     * @param response the response
     * @return completes when the response is done
     */
    Publisher<Void> dispatch(HttpServerRequest http, HttpServerResponse response) {
        // A body that fails to decode before the answer has begun is answered 400 instead: the route is cancelled,
        // or never called if the failure came first.
        return Mono.firstWithSignal(MalformedBody.failure(http), Mono.defer(() -> route(http, response)))
                .onErrorResume(e -> fail(http, response, e));
    }

    private Mono<Void> route(HttpServerRequest http, HttpServerResponse response) {
        ApiError refused = RequestHeadCheck.refusal(http);
        if (refused != null) {
            response.keepAlive(false); // what follows a head we cannot read is not to be trusted either
            if (HttpMethod.HEAD.equals(http.method())) {
                // The codec took a head it could not decode for a GET and would send the body; RequestHeadCheck
                // gave it back its method, so its answer is the head alone (RFC 9110 §9.3.2).
                return JsonResponses.errorHead(response, refused);
            }
            throw refused;
        }
        String path;
        Map<String, List<String>> query;
        try {
            // ';' is data, as on the stream listener: as a separator it would drop "MSFT" of "AAPL;MSFT" unseen.
            QueryStringDecoder uri = QueryStringDecoder.builder().semicolonIsNormalChar(true).build(http.uri());
            path = uri.path();
            query = uri.parameters();
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(null, "malformed request URI");
        }
        String param = null;
        Map<HttpMethod, Handler> methods = exact.get(path);
        if (methods == null) {
            int slash = path.lastIndexOf('/');
            String last = path.substring(slash + 1);
            if (!last.isEmpty()) {
                methods = withParam.get(path.substring(0, slash + 1) + PARAM);
                param = last;
            }
        }
        if (methods == null) {
            throw ApiError.notFound(path);
        }
        Handler handler = methods.get(http.method());
        if (handler == null) {
            throw ApiError.methodNotAllowed(http.method(), new LinkedHashSet<>(methods.keySet()));
        }
        WebRequest request = new WebRequest(http, path, query, param);
        return Mono.from(handler.handle(request, response));
    }

    private static Mono<Void> fail(HttpServerRequest http, HttpServerResponse response, Throwable error) {
        if (DroppedErrors.clientLeft(error)) {
            // The client closed or reset mid-request (e.g. during its body): ordinary, and nobody to answer.
            LOG.debug("{} {}: the client left: {}", http.method(), LogText.escape(http.uri()), error.toString());
            return Mono.empty();
        }
        if (response.hasSentHeaders()) {
            // Too late for an answer: the connection closes, which is all a client can be told now.
            LOG.debug("{} {} failed after the response started", http.method(), LogText.escape(http.uri()), error);
            return Mono.error(error);
        }
        if (error instanceof ApiError api) {
            return JsonResponses.error(response, api);
        }
        LOG.error("{} {} failed", http.method(), LogText.escape(http.uri()), error);
        return JsonResponses.error(response, ApiError.of(ApiError.Code.INTERNAL, null, "internal error"));
    }
}
