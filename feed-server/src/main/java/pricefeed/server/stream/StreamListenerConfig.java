package pricefeed.server.stream;

import io.netty.util.internal.PlatformDependent;
import pricefeed.core.ws.WebSocketLimits;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the stream listener needs, validated once. Immutable; {@code with*} methods return copies.
 * The handshake phase (before the path is known) uses the head-size limit and handshake timeout of
 * {@code streamLimits}; {@link #withHandshakeTimeout(Duration)} sets it on both limit sets.
 *
 * @param host                     the address to bind, e.g. {@code 0.0.0.0}
 * @param port                     the port to bind, 0 for an ephemeral one
 * @param streamLimits             limits of {@code /stream} (and of every route but {@code /echo})
 * @param echoLimits               limits of {@code /echo}
 * @param echoEnabled              whether {@code /echo} is served (else it is a 404)
 * @param allowedOrigins           the accepted {@code Origin} values; empty accepts every origin
 * @param maxConnections           open WebSocket connections above which a handshake gets 503
 * @param pingInterval             how often the server pings each connection
 * @param idleTimeout              a connection from which nothing arrived for this long is closed with 1001
 * @param sendBufferBytes          SO_SNDBUF of each connection; kept small so slow readers show up as
 *                                 unwritable channels rather than kernel-buffered megabytes
 * @param writeBufferLowWaterMark  Netty's low water mark: the channel becomes writable again below it
 * @param writeBufferHighWaterMark Netty's high water mark: the channel turns unwritable above it
 * @param ioThreads                the listener's own event-loop threads
 * @param inboundMemoryBytes       what all connections together may hold of unfinished inbound messages (a
 *                                 partial frame, fragments joined so far); a read that takes them over it
 *                                 closes its connection with 1013
 */
public record StreamListenerConfig(String host, int port, WebSocketLimits streamLimits, WebSocketLimits echoLimits,
                                   boolean echoEnabled, List<String> allowedOrigins, int maxConnections,
                                   Duration pingInterval, Duration idleTimeout, int sendBufferBytes,
                                   int writeBufferLowWaterMark, int writeBufferHighWaterMark, int ioThreads,
                                   long inboundMemoryBytes) {

    /** Default bind address: every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Default port of the stream listener. */
    public static final int DEFAULT_PORT = 8081;
    /** Default cap on open WebSocket connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default interval between server pings. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    /** Default idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Default SO_SNDBUF: 64 KiB (the kernel doubles it). Small, so a stalled reader turns the channel
     * unwritable within about a second; but not smaller. On loopback a TCP segment carries up to 64 KiB, and
     * a send buffer that holds only one lets one segment be in flight at a time: the reader's kernel then
     * acknowledges it only when its delayed-ACK timer fires, 40 ms later. With 32 KiB every full write waited
     * for that timer, so a client reading at full speed got about 1.6 MB/s, a resume's replay fell behind
     * the history, and at 50,000 ticks/s a brief stall of the server tipped a fast client into a slow-consumer
     * drop it could not recover from.
     */
    public static final int DEFAULT_SEND_BUFFER_BYTES = 64 * 1024;
    /** Default low water mark: 32 KiB. */
    public static final int DEFAULT_LOW_WATER_MARK = 32 * 1024;
    /** Default high water mark: 64 KiB. */
    public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;

    /**
     * Default event-loop count: one per CPU this JVM may use. Reactor Netty's shared default is at least 4,
     * which on a one- or two-CPU host only adds context switches to every fan-out batch.
     */
    public static final int DEFAULT_IO_THREADS = Runtime.getRuntime().availableProcessors();

    /**
     * Default bound on unfinished inbound messages: an eighth of the direct memory the JVM may use (Netty's
     * figure: the limit its pooled buffers meet), as web answers not yet written get; the tick histories get a
     * quarter, and the half left is the stream's writes. Each connection may hold up to its message limit
     * (64 KiB on /stream, 1 MiB on /echo), so without it 8,000 clients that start a message and never finish it
     * used up 512 MiB, and ticks and writes failed for want of memory. Clients that read finish their messages
     * within a read or two, so an eighth (64 MiB of 512) holds a thousand unfinished 64 KiB messages at once.
     */
    public static final long DEFAULT_INBOUND_MEMORY_BYTES = PlatformDependent.maxDirectMemory() / 8;

    /** The defaults: port 8081 on every interface, /echo off, any origin. */
    public static final StreamListenerConfig DEFAULTS = new StreamListenerConfig(DEFAULT_HOST, DEFAULT_PORT,
            WebSocketLimits.DEFAULTS, WebSocketLimits.DEFAULTS.withMaxMessageBytes(WebSocketLimits.DEFAULT_ECHO_MESSAGE_BYTES),
            false, List.of(), DEFAULT_MAX_CONNECTIONS, DEFAULT_PING_INTERVAL, DEFAULT_IDLE_TIMEOUT,
            DEFAULT_SEND_BUFFER_BYTES, DEFAULT_LOW_WATER_MARK, DEFAULT_HIGH_WATER_MARK, DEFAULT_IO_THREADS,
            DEFAULT_INBOUND_MEMORY_BYTES);

    public StreamListenerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(streamLimits, "streamLimits");
        Objects.requireNonNull(echoLimits, "echoLimits");
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        require(!host.isBlank(), "host must not be blank");
        require(port >= 0 && port <= 65535, "port must be 0..65535: " + port);
        require(maxConnections > 0, "maxConnections must be positive: " + maxConnections);
        require(pingInterval.compareTo(Duration.ofMillis(1)) >= 0, "pingInterval must be at least 1 ms: " + pingInterval);
        require(idleTimeout.compareTo(pingInterval) > 0,
                "idleTimeout must exceed pingInterval, or a healthy peer's pong could come too late: " + idleTimeout);
        require(sendBufferBytes >= 1024, "sendBufferBytes must be at least 1024: " + sendBufferBytes);
        require(writeBufferLowWaterMark > 0 && writeBufferLowWaterMark <= writeBufferHighWaterMark,
                "need 0 < writeBufferLowWaterMark <= writeBufferHighWaterMark: "
                        + writeBufferLowWaterMark + ", " + writeBufferHighWaterMark);
        require(ioThreads >= 1, "ioThreads must be at least 1: " + ioThreads);
        require(inboundMemoryBytes >= 0 && inboundMemoryBytes < Long.MAX_VALUE,
                "inboundMemoryBytes must be 0 or more, and bounded: " + inboundMemoryBytes);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * @param host the bind address
     * @param port the port, 0 for ephemeral
     * @return a copy bound there
     */
    public StreamListenerConfig withAddress(String host, int port) {
        return new StreamListenerConfig(host, port, streamLimits, echoLimits, echoEnabled, allowedOrigins,
                maxConnections, pingInterval, idleTimeout, sendBufferBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, ioThreads, inboundMemoryBytes);
    }

    /**
     * @param limits the limits of /stream and the handshake phase
     * @return a copy with them
     */
    public StreamListenerConfig withStreamLimits(WebSocketLimits limits) {
        return new StreamListenerConfig(host, port, limits, echoLimits, echoEnabled, allowedOrigins,
                maxConnections, pingInterval, idleTimeout, sendBufferBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, ioThreads, inboundMemoryBytes);
    }

    /**
     * @param limits the limits of /echo
     * @return a copy with them
     */
    public StreamListenerConfig withEchoLimits(WebSocketLimits limits) {
        return new StreamListenerConfig(host, port, streamLimits, limits, echoEnabled, allowedOrigins,
                maxConnections, pingInterval, idleTimeout, sendBufferBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, ioThreads, inboundMemoryBytes);
    }

    /**
     * @param enabled whether /echo is served
     * @return a copy with that setting
     */
    public StreamListenerConfig withEchoEnabled(boolean enabled) {
        return new StreamListenerConfig(host, port, streamLimits, echoLimits, enabled, allowedOrigins,
                maxConnections, pingInterval, idleTimeout, sendBufferBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, ioThreads, inboundMemoryBytes);
    }

    /**
     * @param origins the accepted origins; empty accepts all
     * @return a copy with them
     */
    public StreamListenerConfig withAllowedOrigins(List<String> origins) {
        return new StreamListenerConfig(host, port, streamLimits, echoLimits, echoEnabled, origins,
                maxConnections, pingInterval, idleTimeout, sendBufferBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, ioThreads, inboundMemoryBytes);
    }

    /**
     * @param max the connection cap
     * @return a copy with it
     */
    public StreamListenerConfig withMaxConnections(int max) {
        return new StreamListenerConfig(host, port, streamLimits, echoLimits, echoEnabled, allowedOrigins,
                max, pingInterval, idleTimeout, sendBufferBytes, writeBufferLowWaterMark, writeBufferHighWaterMark, ioThreads,
                inboundMemoryBytes);
    }

    /**
     * @param ping the ping interval
     * @param idle the idle timeout, longer than {@code ping}
     * @return a copy with those timers
     */
    public StreamListenerConfig withKeepAlive(Duration ping, Duration idle) {
        return new StreamListenerConfig(host, port, streamLimits, echoLimits, echoEnabled, allowedOrigins,
                maxConnections, ping, idle, sendBufferBytes, writeBufferLowWaterMark, writeBufferHighWaterMark, ioThreads,
                inboundMemoryBytes);
    }

    /**
     * @param sendBuffer SO_SNDBUF
     * @param low        the low water mark
     * @param high       the high water mark
     * @return a copy with those buffer sizes
     */
    public StreamListenerConfig withBuffers(int sendBuffer, int low, int high) {
        return new StreamListenerConfig(host, port, streamLimits, echoLimits, echoEnabled, allowedOrigins,
                maxConnections, pingInterval, idleTimeout, sendBuffer, low, high, ioThreads, inboundMemoryBytes);
    }

    /**
     * @param threads the listener's event-loop threads
     * @return a copy with that many
     */
    public StreamListenerConfig withIoThreads(int threads) {
        return new StreamListenerConfig(host, port, streamLimits, echoLimits, echoEnabled, allowedOrigins,
                maxConnections, pingInterval, idleTimeout, sendBufferBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, threads, inboundMemoryBytes);
    }

    /**
     * @param bytes what all connections together may hold of unfinished inbound messages
     * @return a copy with that bound
     */
    public StreamListenerConfig withInboundMemory(long bytes) {
        return new StreamListenerConfig(host, port, streamLimits, echoLimits, echoEnabled, allowedOrigins,
                maxConnections, pingInterval, idleTimeout, sendBufferBytes, writeBufferLowWaterMark,
                writeBufferHighWaterMark, ioThreads, bytes);
    }

    /**
     * @param timeout the handshake deadline
     * @return a copy with it in both limit sets
     */
    public StreamListenerConfig withHandshakeTimeout(Duration timeout) {
        return withStreamLimits(streamLimits.withHandshakeTimeout(timeout))
                .withEchoLimits(echoLimits.withHandshakeTimeout(timeout));
    }

    /**
     * @param timeout the close-handshake deadline
     * @return a copy with it in both limit sets
     */
    public StreamListenerConfig withCloseTimeout(Duration timeout) {
        return withStreamLimits(streamLimits.withCloseTimeout(timeout))
                .withEchoLimits(echoLimits.withCloseTimeout(timeout));
    }

    @Override
    public String toString() {
        return "StreamListenerConfig[" + host + ":" + port
                + ", stream=" + streamLimits.maxMessageBytes() + "B, echo=" + (echoEnabled ? echoLimits.maxMessageBytes() + "B" : "off")
                + ", head=" + streamLimits.maxHeadBytes() + "B, handshakeTimeout=" + streamLimits.handshakeTimeout()
                + ", closeTimeout=" + streamLimits.closeTimeout()
                + ", origins=" + (allowedOrigins.isEmpty() ? "any" : allowedOrigins)
                + ", maxConnections=" + maxConnections + ", ping=" + pingInterval + ", idle=" + idleTimeout
                + ", sndbuf=" + sendBufferBytes + "B, waterMarks=" + writeBufferLowWaterMark + "/" + writeBufferHighWaterMark + "B"
                + ", ioThreads=" + ioThreads + ", inboundMemory=" + inboundMemoryBytes + "B]";
    }
}
