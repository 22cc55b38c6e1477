package pricefeed.server.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import java.util.Map;

/**
 * {@code GET /} (the dashboard page) and {@code GET /<file>} for each of its files. Only files found at
 * start are routed, so {@code /../x}, {@code /web/app.js} or any other name is a plain 404.
 */
final class DashboardRoutes {

    private final StaticFiles files;

    /** @param files the dashboard's files; must hold {@link WebConstants#INDEX_FILE} */
    DashboardRoutes(StaticFiles files) {
        this.files = files;
    }

    void register(Router router) {
        StaticFiles.File index = files.files().get(WebConstants.INDEX_FILE);
        if (index == null) {
            throw new IllegalStateException("the dashboard has no " + WebConstants.INDEX_FILE);
        }
        router.get("/", (request, response) -> serve(index, request, response));
        for (Map.Entry<String, StaticFiles.File> file : files.files().entrySet()) {
            StaticFiles.File f = file.getValue();
            router.get("/" + file.getKey(), (request, response) -> serve(f, request, response));
        }
    }

    private static Mono<Void> serve(StaticFiles.File file, WebRequest request, HttpServerResponse response) {
        // The length a 200 has, on a 304 too (RFC 9110 §8.6): without one, Reactor Netty sent HEAD's 304 chunked.
        response.header(HttpHeaderNames.CACHE_CONTROL, WebConstants.CACHE_REVALIDATE)
                .header(HttpHeaderNames.ETAG, file.etag())
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(file.bytes().length));
        if (EntityTags.noneMatchFails(request.combinedHeader(HttpHeaderNames.IF_NONE_MATCH), file.etag())) {
            return response.status(HttpResponseStatus.NOT_MODIFIED).send();
        }
        return response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                .sendByteArray(Mono.just(file.bytes())).then();
    }
}
