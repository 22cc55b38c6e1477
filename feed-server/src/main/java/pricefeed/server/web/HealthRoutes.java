package pricefeed.server.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.subscription.TickFanout;
import reactor.core.scheduler.Scheduler;

import java.util.concurrent.TimeUnit;

/**
 * {@code GET /healthz}: {@code {"status":"UP","epoch":..,"symbols":..,"connections":..,"ticksPublished":..,
 * "uptimeSeconds":..}}. Answering at all is the health signal; the figures help a human at a glance.
 */
final class HealthRoutes {

    private final TickFanout fanout;
    private final FeedMetrics metrics;
    private final Scheduler clock;
    private final long startedMillis;

    /**
     * @param fanout  the fan-out (epoch, symbols, ticks)
     * @param metrics the metrics (open stream connections)
     * @param clock   measures the uptime from now
     */
    HealthRoutes(TickFanout fanout, FeedMetrics metrics, Scheduler clock) {
        this.fanout = fanout;
        this.metrics = metrics;
        this.clock = clock;
        this.startedMillis = clock.now(TimeUnit.MILLISECONDS);
    }

    void register(Router router) {
        router.get(WebConstants.HEALTH_PATH, (request, response) -> JsonResponses.send(response,
                HttpResponseStatus.OK, JsonResponses.object(g -> {
                    g.writeStringField("status", "UP");
                    g.writeStringField("epoch", fanout.epoch());
                    g.writeNumberField("symbols", fanout.symbols().size());
                    g.writeNumberField("connections", metrics.connectionsActive());
                    g.writeNumberField("ticksPublished", fanout.ticksPublished());
                    g.writeNumberField("uptimeSeconds", (clock.now(TimeUnit.MILLISECONDS) - startedMillis) / 1000);
                })));
    }
}
