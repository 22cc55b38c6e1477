package pricefeed.server.web;

import java.time.Duration;

/** Every path, limit, header value and timing of the web listener, in one place. */
final class WebConstants {

    /** Classpath folder of the dashboard's files. */
    static final String STATIC_ROOT = "web/";
    /** The page served at {@code /}. */
    static final String INDEX_FILE = "index.html";
    /** Path of the WebSocket stream on the stream listener, as {@code /api/info} reports it (PROTOCOL.md §1). */
    static final String STREAM_PATH = "/stream";

    /** The health check: still served over the connection limit, so probes keep working. */
    static final String HEALTH_PATH = "/healthz";
    /** The Prometheus scrape: still served over the connection limit, so monitoring keeps working. */
    static final String METRICS_PATH = "/metrics";

    /** Connections over {@code --max-web-connections} that may still ask for health or metrics. */
    static final int OVER_LIMIT_PROBE_RESERVE = 32;
    /** How long a probe over the limit may take to send its whole request head. */
    static final Duration OVER_LIMIT_HEAD_DEADLINE = Duration.ofSeconds(1);
    /** How long a connection over the limit may take to send the start of its request line. */
    static final Duration OVER_LIMIT_FIRST_BYTES_WAIT = Duration.ofMillis(100);
    /** How long a connection may stay open after a last answer written below the HTTP codec (408, 503). */
    static final Duration RAW_ANSWER_CLOSE_GRACE = Duration.ofSeconds(1);

    /** Longest request line (method, target, version) the HTTP codec takes; over it: 414. */
    static final int MAX_REQUEST_LINE_BYTES = 4096;
    /** Largest total of header fields the HTTP codec takes; over it: 431. */
    static final int MAX_HEADER_BYTES = 8192;
    /** Largest operator request body; over it: 413. The biggest legitimate one is about 150 bytes. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** A keep-alive connection with no request for this long is closed (an SSE response is not idle). */
    static final Duration KEEP_ALIVE_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** Web answers not yet written may hold this share of the JVM's direct memory together: an eighth. */
    static final int ANSWER_SHARE_OF_DIRECT_MEMORY = 8;

    /** Reconnect delay an SSE client is told to use, ms. */
    static final int SSE_RETRY_MS = 1000;
    /** Quiet time on an SSE stream before a {@code : hb} comment keeps proxies from timing it out. */
    static final Duration SSE_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
    /** The header in which a reconnecting SSE client names the last event it has. */
    static final String LAST_EVENT_ID = "Last-Event-ID";
    /** Header telling nginx and similar proxies not to buffer the event stream. */
    static final String ACCEL_BUFFERING = "X-Accel-Buffering";
    /** The query parameter that may stand in for {@code Last-Event-ID} (a first EventSource connect cannot set headers). */
    static final String SSE_LAST_EVENT_ID_PARAM = "lastEventId";

    /** {@code Content-Type} of every JSON response. */
    static final String JSON = "application/json";
    /** {@code Content-Type} of {@code /sse}. */
    static final String EVENT_STREAM = "text/event-stream";
    /** {@code Cache-Control} of the dashboard's files: revalidate every time (cheap with the ETag). */
    static final String CACHE_REVALIDATE = "no-cache";
    /** {@code Cache-Control} of API responses, which are live data. */
    static final String CACHE_NONE = "no-store";
    /** Header on every response telling browsers not to second-guess our content types. */
    static final String NOSNIFF_HEADER = "X-Content-Type-Options";
    /** Its value. */
    static final String NOSNIFF = "nosniff";
    /** {@code WWW-Authenticate} of a 401 from the operator API. */
    static final String BEARER_CHALLENGE = "Bearer realm=\"pricefeed\"";

    private WebConstants() {
    }
}
