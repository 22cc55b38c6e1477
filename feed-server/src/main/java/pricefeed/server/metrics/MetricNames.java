package pricefeed.server.metrics;

import java.util.List;

/**
 * Every metric name and pre-registered tag value of the feed, in Micrometer's dotted form. The
 * Prometheus registry exposes {@code feed.messages.sent} (a counter) as {@code feed_messages_sent_total}
 * and {@code feed.tick.to.write.latency} (a timer) as {@code feed_tick_to_write_latency_seconds_*}.
 */
public final class MetricNames {

    /** Gauge {@code feed_connections_active}: open stream connections (PROTOCOL.md section 6). */
    public static final String CONNECTIONS_ACTIVE = "feed.connections.active";
    /** Counter {@code feed_connections_opened_total}: stream connections upgraded. */
    public static final String CONNECTIONS_OPENED = "feed.connections.opened";
    /** Counter {@code feed_connections_closed_total{reason}}: stream connections ended, by reason. */
    public static final String CONNECTIONS_CLOSED = "feed.connections.closed";
    /** Counter {@code feed_messages_sent_total}: messages written to clients (PROTOCOL.md section 6). */
    public static final String MESSAGES_SENT = "feed.messages.sent";
    /** Counter {@code feed_bytes_sent_total}: bytes of those messages, frame headers included. */
    public static final String BYTES_SENT = "feed.bytes.sent";
    /** Counter {@code feed_slow_consumer_disconnects_total} (PROTOCOL.md section 6). */
    public static final String SLOW_CONSUMER_DISCONNECTS = "feed.slow.consumer.disconnects";
    /** Counter {@code feed_handshake_failures_total{status}} (PROTOCOL.md section 6). */
    public static final String HANDSHAKE_FAILURES = "feed.handshake.failures";
    /** Counter {@code feed_ticks_published_total}: ticks the simulator published (PROTOCOL.md section 6). */
    public static final String TICKS_PUBLISHED = "feed.ticks.published";
    /**
     * Counter {@code feed_simulator_skipped_seconds_total}: wall time the simulator skipped instead of
     * simulating (stalls, or a tick rate the machine cannot keep up with); stays 0 while it keeps up.
     */
    public static final String SIMULATOR_SKIPPED = "feed.simulator.skipped.seconds";
    /** Timer {@code feed_tick_to_write_latency_seconds}: tick creation to socket write. */
    public static final String TICK_TO_WRITE_LATENCY = "feed.tick.to.write.latency";
    /** Gauge {@code feed_subscriptions_active}: (connection, symbol) subscriptions. */
    public static final String SUBSCRIPTIONS_ACTIVE = "feed.subscriptions.active";
    /** Gauge {@code feed_history_ticks}: room for resume ticks the symbols' histories have taken. */
    public static final String HISTORY_TICKS = "feed.history.ticks";
    /** Gauge {@code feed_history_budget_ticks}: the most they may take together. */
    public static final String HISTORY_BUDGET_TICKS = "feed.history.budget.ticks";

    /**
     * Counter {@code feed_accept_failures_total{listener}}: connections a listener failed to accept, most
     * often for want of a file descriptor (compare {@code process_files_open_files} and
     * {@code process_files_max_files}).
     */
    public static final String ACCEPT_FAILURES = "feed.accept.failures";

    /** Tag of {@link #CONNECTIONS_CLOSED}. */
    public static final String TAG_REASON = "reason";
    /** Tag of {@link #HANDSHAKE_FAILURES}: the HTTP status answered. */
    public static final String TAG_STATUS = "status";

    /** Tag of {@link #ACCEPT_FAILURES}: which listener. */
    public static final String TAG_LISTENER = "listener";
    /** Listener tag value: the WebSocket stream listener. */
    public static final String LISTENER_STREAM = "stream";
    /** Listener tag value: the web listener. */
    public static final String LISTENER_WEB = "web";
    /** Every listener tag value, registered up front. */
    public static final List<String> LISTENERS = List.of(LISTENER_STREAM, LISTENER_WEB);

    /** Close reason: close handshake completed, code 1000. */
    public static final String REASON_NORMAL = "normal";
    /** Close reason: 1001, the client left or the server is shutting down. */
    public static final String REASON_GOING_AWAY = "going_away";
    /** Close reason: 1002, a frame-level violation. */
    public static final String REASON_PROTOCOL_ERROR = "protocol_error";
    /** Close reason: 1007, invalid UTF-8. */
    public static final String REASON_INVALID_PAYLOAD = "invalid_payload";
    /** Close reason: 1009, an inbound message over the limit. */
    public static final String REASON_MESSAGE_TOO_BIG = "message_too_big";
    /** Close reason: 1008 "slow consumer". */
    public static final String REASON_SLOW_CONSUMER = "slow_consumer";
    /** Close reason: nothing received for the idle timeout. */
    public static final String REASON_IDLE_TIMEOUT = "idle_timeout";
    /** Close reason: 1013 "server busy", no memory left for the connection's unfinished inbound message. */
    public static final String REASON_SERVER_BUSY = "server_busy";
    /** Close reason: the TCP connection ended without a close handshake. */
    public static final String REASON_ABNORMAL = "abnormal";
    /** Close reason: 1011, a server-side failure. */
    public static final String REASON_SERVER_ERROR = "server_error";
    /** Close reason that stands for any reason not of the form {@code [a-z0-9_]{1,32}}, or over the cap. */
    public static final String REASON_OTHER = "other";

    /** Reasons registered up front, so their series exist (at 0) before the first close. */
    public static final List<String> CLOSE_REASONS = List.of(REASON_NORMAL, REASON_GOING_AWAY, REASON_PROTOCOL_ERROR,
            REASON_INVALID_PAYLOAD, REASON_MESSAGE_TOO_BIG, REASON_SLOW_CONSUMER, REASON_IDLE_TIMEOUT,
            REASON_SERVER_BUSY, REASON_ABNORMAL, REASON_SERVER_ERROR, REASON_OTHER);

    /** Handshake rejection statuses of PROTOCOL.md section 2, registered up front. */
    public static final List<Integer> HANDSHAKE_STATUSES = List.of(400, 403, 404, 405, 426, 431, 503);

    private MetricNames() {
    }
}
