package pricefeed.server.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.CloseStatus.Initiator;
import pricefeed.core.ws.netty.InboundMemory;
import pricefeed.server.stream.HandshakeRequest;
import pricefeed.server.stream.StreamEvents;
import pricefeed.server.stream.StreamListener;

/** Counts and logs the stream listener's connection events. */
public final class StreamMetrics implements StreamEvents {

    private static final Logger log = LoggerFactory.getLogger(StreamMetrics.class);

    private final FeedMetrics metrics;

    /** @param metrics where the counts go */
    public StreamMetrics(FeedMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onHandshakeFailure(int status) {
        metrics.handshakeFailure(status);
    }

    @Override
    public void onOpen(HandshakeRequest request) {
        metrics.connectionOpened();
        log.debug("open {} {}", request.remoteAddress(), request.path());
    }

    @Override
    public void onClose(HandshakeRequest request, CloseStatus status) {
        String reason = reasonOf(status);
        metrics.connectionClosed(reason);
        if (reason.equals(MetricNames.REASON_SERVER_BUSY)) {
            // A drop of ours, like a slow consumer's: worth a line, where the client's own closes are not.
            log.warn("dropped {} {} with 1013: no room for its unfinished message, all connections' unfinished"
                    + " input being at its bound (an eighth of the direct memory by default)",
                    request.remoteAddress(), request.path());
        }
        log.debug("closed {} {}: {} {} ({}, {})", request.remoteAddress(), request.path(), status.code(),
                status.reason(), status.initiator(), reason);
    }

    /**
     * @param status how a connection ended
     * @return the {@code reason} tag value for it
     */
    static String reasonOf(CloseStatus status) {
        switch (status.code()) {
            case 1000: return MetricNames.REASON_NORMAL;
            case 1001:
                return StreamListener.IDLE_TIMEOUT_REASON.equals(status.reason())
                        ? MetricNames.REASON_IDLE_TIMEOUT : MetricNames.REASON_GOING_AWAY;
            case 1002: return MetricNames.REASON_PROTOCOL_ERROR;
            case 1006: return MetricNames.REASON_ABNORMAL;
            case 1007: return MetricNames.REASON_INVALID_PAYLOAD;
            case 1008:
                return StreamListener.SLOW_CONSUMER_REASON.equals(status.reason())
                        ? MetricNames.REASON_SLOW_CONSUMER : MetricNames.REASON_OTHER;
            case 1009: return MetricNames.REASON_MESSAGE_TOO_BIG;
            case 1011: return MetricNames.REASON_SERVER_ERROR;
            case 1013:
                return status.initiator() == Initiator.LOCAL && InboundMemory.BUSY_REASON.equals(status.reason())
                        ? MetricNames.REASON_SERVER_BUSY : MetricNames.REASON_OTHER;
            default: return MetricNames.REASON_OTHER;
        }
    }
}
