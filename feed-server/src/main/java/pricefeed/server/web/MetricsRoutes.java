package pricefeed.server.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import pricefeed.server.metrics.FeedMetrics;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: every metric in Prometheus text format. */
final class MetricsRoutes {

    private final FeedMetrics metrics;

    /** @param metrics the registry to scrape */
    MetricsRoutes(FeedMetrics metrics) {
        this.metrics = metrics;
    }

    void register(Router router) {
        router.get(WebConstants.METRICS_PATH, (request, response) -> {
            byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
            return response.status(HttpResponseStatus.OK)
                    .header(HttpHeaderNames.CONTENT_TYPE, FeedMetrics.CONTENT_TYPE)
                    .header(HttpHeaderNames.CACHE_CONTROL, WebConstants.CACHE_NONE)
                    .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(text.length))
                    .sendByteArray(Mono.just(text)).then();
        });
    }
}
