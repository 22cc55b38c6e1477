package pricefeed.server;

import pricefeed.core.ws.WebSocketLimits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Everything the server is configured with, validated once when built. Immutable. The defaults, ranges
 * and descriptions live in {@link Option}; {@link ConfigLoader} builds one from flags, environment and
 * config file, and {@link #with} makes variants in code (tests: {@code DEFAULTS.with(Option.HTTP_PORT, 0)}).
 *
 * @param host                    bind address of both listeners
 * @param httpPort                web listener port, 0 = ephemeral
 * @param streamPort              stream listener port, 0 = ephemeral
 * @param symbols                 number of simulated symbols
 * @param tickRate                ticks per second over all symbols
 * @param seed                    seed of every symbol's price path
 * @param jumpIntensity           price jumps per symbol per simulated hour
 * @param symbolFile              CSV universe replacing the built-in one, if any
 * @param echo                    whether {@code /echo} is served
 * @param configFile              the properties file the configuration was read from, if any
 * @param operatorToken           bearer token for operator endpoints, if any
 * @param allowedOrigins          lower-case {@code Origin} values allowed on the handshake; empty = any
 * @param maxConnections          stream connection limit (over it: 503)
 * @param maxWebConnections       web listener connection limit, SSE streams included (over it: 503)
 * @param maxSymbolsPerConnection symbols one connection may subscribe to
 * @param maxInboundRate          client messages per second per connection
 * @param outboundBudget          queued unsent bytes per connection before the slow-consumer drop
 * @param maxLag                  age of the oldest queued message before the slow-consumer drop
 * @param history                 ticks kept per symbol for resume
 * @param heartbeatInterval       quiet time on a connection before a heartbeat message
 * @param pingInterval            interval of server pings; less than {@code idleTimeout}
 * @param idleTimeout             inbound silence after which a connection is closed
 * @param handshakeTimeout        deadline for a complete handshake request head
 * @param maxHeadBytes            largest handshake request head (over it: 431)
 * @param maxMessageBytes         largest inbound message on {@code /stream} (over it: 1009)
 * @param echoMaxMessageBytes     largest inbound message on {@code /echo}
 * @param sendBuffer              {@code SO_SNDBUF} of stream and web connections, bytes
 * @param ioThreads               event-loop threads of the stream listener
 * @param writeDelay              how long a connection collects outbound messages per socket write; zero
 *                                writes each fan-out batch at once
 */
public record ServerConfig(String host, int httpPort, int streamPort, int symbols, double tickRate, long seed,
                           double jumpIntensity, Optional<Path> symbolFile, boolean echo, Optional<Path> configFile,
                           Optional<String> operatorToken, List<String> allowedOrigins, int maxConnections,
                           int maxWebConnections, int maxSymbolsPerConnection, int maxInboundRate, int outboundBudget,
                           Duration maxLag, int history, Duration heartbeatInterval, Duration pingInterval,
                           Duration idleTimeout, Duration handshakeTimeout, int maxHeadBytes, int maxMessageBytes,
                           int echoMaxMessageBytes, int sendBuffer, int ioThreads, Duration writeDelay) {

    /** Every option at its default. */
    public static final ServerConfig DEFAULTS = from(Values.defaults());

    /**
     * @throws IllegalArgumentException naming the first option whose value is out of range, or two
     *                                  options that contradict each other
     */
    public ServerConfig {
        Option.HOST.check(host);
        Option.HTTP_PORT.check(httpPort);
        Option.STREAM_PORT.check(streamPort);
        Option.SYMBOLS.check(symbols);
        Option.TICK_RATE.check(tickRate);
        Option.SEED.check(seed);
        Option.JUMP_INTENSITY.check(jumpIntensity);
        Option.SYMBOL_FILE.check(symbolFile);
        Option.ECHO.check(echo);
        Option.CONFIG.check(configFile);
        Option.OPERATOR_TOKEN.check(operatorToken);
        allowedOrigins = List.copyOf(Option.ALLOWED_ORIGINS.check(allowedOrigins));
        Option.MAX_CONNECTIONS.check(maxConnections);
        Option.MAX_WEB_CONNECTIONS.check(maxWebConnections);
        Option.MAX_SYMBOLS_PER_CONNECTION.check(maxSymbolsPerConnection);
        Option.MAX_INBOUND_RATE.check(maxInboundRate);
        Option.OUTBOUND_BUDGET.check(outboundBudget);
        Option.MAX_LAG.check(maxLag);
        Option.HISTORY.check(history);
        Option.HEARTBEAT_INTERVAL.check(heartbeatInterval);
        Option.PING_INTERVAL.check(pingInterval);
        Option.IDLE_TIMEOUT.check(idleTimeout);
        Option.HANDSHAKE_TIMEOUT.check(handshakeTimeout);
        Option.MAX_HEAD_BYTES.check(maxHeadBytes);
        Option.MAX_MESSAGE_BYTES.check(maxMessageBytes);
        Option.ECHO_MAX_MESSAGE_BYTES.check(echoMaxMessageBytes);
        Option.SEND_BUFFER.check(sendBuffer);
        Option.IO_THREADS.check(ioThreads);
        Option.WRITE_DELAY.check(writeDelay);
        // A client that only answers pings would otherwise be dropped as idle before the first ping.
        if (pingInterval.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("ping-interval (" + Quantities.formatDuration(pingInterval)
                    + ") must be less than idle-timeout (" + Quantities.formatDuration(idleTimeout) + ")");
        }
    }

    /**
     * @param option an option
     * @param value  its new value
     * @param <T>    the option's value type
     * @return a copy with that one value changed
     * @throws IllegalArgumentException when the value is out of the option's range
     */
    public <T> ServerConfig with(Option<T> option, T value) {
        return from(Values.of(this).set(option, value));
    }

    /** @return the limits of {@code /stream}: message, head size and handshake deadline from this config */
    public WebSocketLimits streamLimits() {
        return WebSocketLimits.DEFAULTS.withMaxMessageBytes(maxMessageBytes).withMaxHeadBytes(maxHeadBytes)
                .withHandshakeTimeout(handshakeTimeout);
    }

    /** @return the limits of {@code /echo}: as {@link #streamLimits()} with the echo message cap */
    public WebSocketLimits echoLimits() {
        return streamLimits().withMaxMessageBytes(echoMaxMessageBytes);
    }

    /** @return {@code ServerConfig[host=127.0.0.1, http-port=8080, ...]} with the token masked */
    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "ServerConfig[", "]");
        for (Option<?> option : Option.ALL) {
            joiner.add(option.name() + "=" + shown(option));
        }
        return joiner.toString();
    }

    private <T> String shown(Option<T> option) {
        return option.display(option.valueIn(this));
    }

    static ServerConfig from(Values v) {
        return new ServerConfig(v.get(Option.HOST), v.get(Option.HTTP_PORT), v.get(Option.STREAM_PORT),
                v.get(Option.SYMBOLS), v.get(Option.TICK_RATE), v.get(Option.SEED), v.get(Option.JUMP_INTENSITY),
                v.get(Option.SYMBOL_FILE), v.get(Option.ECHO), v.get(Option.CONFIG), v.get(Option.OPERATOR_TOKEN),
                v.get(Option.ALLOWED_ORIGINS), v.get(Option.MAX_CONNECTIONS), v.get(Option.MAX_WEB_CONNECTIONS),
                v.get(Option.MAX_SYMBOLS_PER_CONNECTION),
                v.get(Option.MAX_INBOUND_RATE), v.get(Option.OUTBOUND_BUDGET), v.get(Option.MAX_LAG),
                v.get(Option.HISTORY), v.get(Option.HEARTBEAT_INTERVAL), v.get(Option.PING_INTERVAL),
                v.get(Option.IDLE_TIMEOUT), v.get(Option.HANDSHAKE_TIMEOUT), v.get(Option.MAX_HEAD_BYTES),
                v.get(Option.MAX_MESSAGE_BYTES), v.get(Option.ECHO_MAX_MESSAGE_BYTES), v.get(Option.SEND_BUFFER),
                v.get(Option.IO_THREADS), v.get(Option.WRITE_DELAY));
    }

    /** One value per option, typed by the option; the step between the sources and the record. */
    static final class Values {

        private final Map<Option<?>, Object> values = new IdentityHashMap<>();

        static Values defaults() {
            Values v = new Values();
            Option.ALL.forEach(v::setDefault);
            return v;
        }

        static Values of(ServerConfig config) {
            Values v = new Values();
            Option.ALL.forEach(option -> v.copy(option, config));
            return v;
        }

        <T> Values set(Option<T> option, T value) {
            values.put(option, value);
            return this;
        }

        @SuppressWarnings("unchecked") // set() only ever stores a T under an Option<T>
        <T> T get(Option<T> option) {
            return (T) values.get(option);
        }

        private <T> void setDefault(Option<T> option) {
            set(option, option.defaultValue());
        }

        private <T> void copy(Option<T> option, ServerConfig config) {
            set(option, option.valueIn(config));
        }
    }
}
