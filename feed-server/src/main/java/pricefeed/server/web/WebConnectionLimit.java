package pricefeed.server.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.netty.channel.Channel;
import pricefeed.server.metrics.FeedMetrics;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps the web listener's open connections ({@code --max-web-connections}), SSE streams included. A
 * connection over the cap is handed to {@link OverLimitConnection}: it is answered {@code 503}, unless it is
 * one of the first {@link WebConstants#OVER_LIMIT_PROBE_RESERVE} over the cap and asks for the health check
 * or the metrics. Those stay counted until they are refused or closed, so the reserve is bounded too.
 */
final class WebConnectionLimit {

    /** Gauge {@code feed_web_connections_active}: open web connections, the probe reserve's included. */
    static final String CONNECTIONS_ACTIVE = "feed.web.connections.active";
    /** Counter {@code feed_web_connections_refused_total}: connections answered 503 for the cap. */
    static final String CONNECTIONS_REFUSED = "feed.web.connections.refused";

    private static final String OVER_LIMIT = "pricefeed.overLimit";

    private final int max;
    private final int probeReserve;
    private final Duration probeHeadDeadline;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final byte[] refusal;

    /**
     * @param max               web connections allowed open at once
     * @param probeReserve      connections over {@code max} that may still be served health or metrics
     * @param probeHeadDeadline how long the head of a request over {@code max} may take from its first byte
     * @param metrics           where the two meters above are registered
     */
    WebConnectionLimit(int max, int probeReserve, Duration probeHeadDeadline, FeedMetrics metrics) {
        this.max = max;
        this.probeReserve = probeReserve;
        this.probeHeadDeadline = probeHeadDeadline;
        this.refusal = RawAnswer.error(ApiError.tooManyConnections(max));
        Gauge.builder(CONNECTIONS_ACTIVE, open, AtomicInteger::get).strongReference(true)
                .description("Open web listener connections").register(metrics.registry());
        FunctionCounter.builder(CONNECTIONS_REFUSED, refused, LongAdder::sum)
                .description("Web connections answered 503 for the connection limit").register(metrics.registry());
    }

    /**
     * Counts a new connection in; over the cap, installs {@link OverLimitConnection} first in its pipeline.
     * Call from {@code doOnChannelInit}.
     *
     * @param channel a connection just accepted
     * @return true if it is within the cap; false if it is over it
     */
    boolean admit(Channel channel) {
        int n = open.incrementAndGet();
        if (n > max + probeReserve) {
            open.decrementAndGet();
            channel.pipeline().addFirst(OVER_LIMIT, new OverLimitConnection(false, probeHeadDeadline, refusal,
                    refused::increment));
            return false;
        }
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable leave = () -> {
            if (counted.getAndSet(false)) {
                open.decrementAndGet();
            }
        };
        channel.closeFuture().addListener(closed -> leave.run());
        if (n <= max) {
            return true;
        }
        // A refused connection gives its place back at once: it is gone within a second anyway, and
        // refusals must not keep the reserve from the probes it is for.
        channel.pipeline().addFirst(OVER_LIMIT, new OverLimitConnection(true, probeHeadDeadline, refusal, () -> {
            refused.increment();
            leave.run();
        }));
        return false;
    }

}
