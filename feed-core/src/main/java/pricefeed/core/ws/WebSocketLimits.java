package pricefeed.core.ws;

import java.time.Duration;
import java.util.Objects;

/**
 * Every size and time limit of one WebSocket endpoint, validated once when built. Immutable; use the
 * {@code with*} methods for variants.
 *
 * @param maxFramePayload   the largest payload of a single data frame we accept (bytes)
 * @param maxMessageBytes   the largest message we accept, summed over its fragments (bytes); over it: 1009
 * @param maxHeadBytes      the largest HTTP request head of the handshake (bytes); over it: 431
 * @param handshakeTimeout  how long a request head may take to arrive completely
 * @param closeTimeout      how long we wait for the peer's close frame after sending ours before closing TCP
 */
public record WebSocketLimits(int maxFramePayload, int maxMessageBytes, int maxHeadBytes,
                              Duration handshakeTimeout, Duration closeTimeout) {

    /** Inbound message cap on {@code /stream}: 64 KiB. */
    public static final int DEFAULT_STREAM_MESSAGE_BYTES = 64 * 1024;
    /** Inbound message cap on {@code /echo}: 1 MiB. */
    public static final int DEFAULT_ECHO_MESSAGE_BYTES = 1024 * 1024;
    /** Request head cap: 8 KiB. */
    public static final int DEFAULT_HEAD_BYTES = 8 * 1024;
    /** Request head deadline: 10 s. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Close handshake deadline: 750 ms. PROTOCOL.md promises TCP closed "at most 1 s" after a slow
     * consumer's close frame; timers run late when many connections are dropped at once (an independent
     * harness saw FINs up to 1,029 ms after the drop's log line with a 900 ms deadline and 220 drops in
     * one burst), so the deadline keeps a quarter of the promise as margin.
     */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofMillis(750);

    /** The defaults for {@code /stream}. */
    public static final WebSocketLimits DEFAULTS = new WebSocketLimits(
            DEFAULT_STREAM_MESSAGE_BYTES, DEFAULT_STREAM_MESSAGE_BYTES, DEFAULT_HEAD_BYTES,
            DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_CLOSE_TIMEOUT);

    public WebSocketLimits {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (maxFramePayload <= 0) {
            throw new IllegalArgumentException("maxFramePayload must be positive: " + maxFramePayload);
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
        }
        if (maxHeadBytes < 256) {
            throw new IllegalArgumentException("maxHeadBytes must be at least 256: " + maxHeadBytes);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive: " + handshakeTimeout);
        }
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("closeTimeout must be positive: " + closeTimeout);
        }
    }

    /**
     * @param bytes the new cap for both a single frame's payload and a whole message
     * @return a copy with that message limit
     */
    public WebSocketLimits withMaxMessageBytes(int bytes) {
        return new WebSocketLimits(bytes, bytes, maxHeadBytes, handshakeTimeout, closeTimeout);
    }

    /**
     * @param bytes the new request-head cap
     * @return a copy with that head limit
     */
    public WebSocketLimits withMaxHeadBytes(int bytes) {
        return new WebSocketLimits(maxFramePayload, maxMessageBytes, bytes, handshakeTimeout, closeTimeout);
    }

    /**
     * @param timeout the new request-head deadline
     * @return a copy with that deadline
     */
    public WebSocketLimits withHandshakeTimeout(Duration timeout) {
        return new WebSocketLimits(maxFramePayload, maxMessageBytes, maxHeadBytes, timeout, closeTimeout);
    }

    /**
     * @param timeout the new close-handshake deadline
     * @return a copy with that deadline
     */
    public WebSocketLimits withCloseTimeout(Duration timeout) {
        return new WebSocketLimits(maxFramePayload, maxMessageBytes, maxHeadBytes, handshakeTimeout, timeout);
    }
}
