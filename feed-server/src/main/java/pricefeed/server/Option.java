package pricefeed.server;

import pricefeed.core.ws.WebSocketLimits;
import pricefeed.server.session.SessionSettings;
import pricefeed.server.stream.StreamListenerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One configuration option, and the table of all of them. This table is the only place an option is
 * described: its flag ({@code --http-port}), environment variable ({@code PRICEFEED_HTTP_PORT}),
 * config-file key ({@code http-port}), default, validation and help line are all derived from it.
 *
 * @param <T> the type of the option's value
 */
public final class Option<T> {

    /** Prefix of every environment variable the server reads. */
    public static final String ENV_PREFIX = "PRICEFEED_";

    private static final Duration MIN_TIMER = Duration.ofMillis(100);
    private static final Duration MAX_TIMER = Duration.ofHours(1);
    /** Well below the shortest max-lag, so a delayed write can never look like a slow consumer. */
    private static final Duration MAX_WRITE_DELAY = MIN_TIMER.dividedBy(2);
    private static final int MAX_SIZE = (int) Quantities.GIB;
    private static final int MAX_COUNT = 1_000_000;

    // Filled by define() as the constants below initialise, in declaration order.
    private static final List<Option<?>> DEFINED = new ArrayList<>();

    /** Bind address of both listeners. */
    public static final Option<String> HOST = define("host", ValueTypes.host(), "127.0.0.1",
            ServerConfig::host, "bind address of both listeners (IP address or hostname)");
    /** Port of the web listener. */
    public static final Option<Integer> HTTP_PORT = define("http-port", ValueTypes.integer(0, 65535, "PORT"), 8080,
            ServerConfig::httpPort, "web listener port (dashboard, REST, SSE, metrics), 0 = ephemeral");
    /** Port of the stream listener. */
    public static final Option<Integer> STREAM_PORT = define("stream-port", ValueTypes.integer(0, 65535, "PORT"), 8081,
            ServerConfig::streamPort, "WebSocket stream listener port, 0 = ephemeral");
    /** Number of simulated symbols. */
    public static final Option<Integer> SYMBOLS = define("symbols", ValueTypes.integer(1, 10_000, "N"), 50,
            ServerConfig::symbols, "number of simulated symbols, 1..10000");
    /** Ticks per second over all symbols. */
    public static final Option<Double> TICK_RATE = define("tick-rate",
            ValueTypes.decimal(0, false, 5_000_000, "must be a positive number"), 1000.0,
            ServerConfig::tickRate, "ticks per second over all symbols (decimal allowed), <= 5000000");
    /** Seed of every symbol's price path. */
    public static final Option<Long> SEED = define("seed", ValueTypes.int64(), 42L,
            ServerConfig::seed, "random seed; the same seed and per-symbol rate give the same price paths");
    /** Price jumps per symbol per simulated hour. */
    public static final Option<Double> JUMP_INTENSITY = define("jump-intensity",
            ValueTypes.decimal(0, true, MAX_COUNT, "must be a number >= 0"), 2.0,
            ServerConfig::jumpIntensity, "price jumps per symbol per simulated hour");
    /** CSV universe replacing the built-in one. */
    public static final Option<Optional<Path>> SYMBOL_FILE = define("symbol-file", ValueTypes.symbolFile(),
            Optional.empty(), ServerConfig::symbolFile, "CSV symbol universe replacing the built-in one");
    /** Whether {@code /echo} is served. */
    public static final Option<Boolean> ECHO = define("echo", ValueTypes.bool(), false,
            ServerConfig::echo, "serve the /echo WebSocket endpoint");
    /** The properties file that was read (flag or environment only). */
    public static final Option<Optional<Path>> CONFIG = define("config", ValueTypes.file(false), Optional.empty(),
            ServerConfig::configFile, "properties file of options (keys: option names without --)");
    /** Bearer token for operator endpoints. */
    public static final Option<Optional<String>> OPERATOR_TOKEN = define("operator-token", ValueTypes.token(),
            Optional.empty(), ServerConfig::operatorToken,
            "bearer token for operator endpoints (16 to 256 of A-Z a-z 0-9 - . _ ~ + /, then '=' padding);"
                    + " without it only loopback may use them");
    /** Browser origins allowed to open a stream. */
    public static final Option<List<String>> ALLOWED_ORIGINS = define("allowed-origins", ValueTypes.origins(),
            List.of(), ServerConfig::allowedOrigins, "comma list of Origin values allowed on the stream handshake");
    /** Stream connection limit. */
    public static final Option<Integer> MAX_CONNECTIONS = define("max-connections",
            ValueTypes.integer(1, MAX_COUNT, "N"), StreamListenerConfig.DEFAULT_MAX_CONNECTIONS,
            ServerConfig::maxConnections, "stream connection limit; over it the handshake gets 503");
    /** Web listener connection limit. */
    public static final Option<Integer> MAX_WEB_CONNECTIONS = define("max-web-connections",
            ValueTypes.integer(1, MAX_COUNT, "N"), 10_000, ServerConfig::maxWebConnections,
            "web connection limit (SSE streams included); over it a new connection gets 503");
    /** Symbols one connection may subscribe to. */
    public static final Option<Integer> MAX_SYMBOLS_PER_CONNECTION = define("max-symbols-per-connection",
            ValueTypes.integer(1, MAX_COUNT, "N"), SessionSettings.DEFAULTS.maxSymbols(),
            ServerConfig::maxSymbolsPerConnection, "symbols one connection may subscribe to");
    /** Client messages per second per connection. */
    public static final Option<Integer> MAX_INBOUND_RATE = define("max-inbound-rate",
            ValueTypes.integer(1, MAX_COUNT, "N"), SessionSettings.DEFAULTS.maxInboundRate(),
            ServerConfig::maxInboundRate, "client messages per second per connection");
    /** Queued unsent bytes per connection before the slow-consumer drop. */
    public static final Option<Integer> OUTBOUND_BUDGET = define("outbound-budget",
            ValueTypes.size((int) (16 * Quantities.KIB), MAX_SIZE), (int) SessionSettings.DEFAULTS.outboundBudget(),
            ServerConfig::outboundBudget, "queued unsent bytes per connection before a slow-consumer drop");
    /** Age of the oldest queued message before the slow-consumer drop. */
    public static final Option<Duration> MAX_LAG = define("max-lag", ValueTypes.duration(MIN_TIMER, MAX_TIMER),
            SessionSettings.DEFAULTS.maxLag(), ServerConfig::maxLag,
            "age of the oldest queued message before a slow-consumer drop");
    /** Ticks kept per symbol for resume. */
    public static final Option<Integer> HISTORY = define("history", ValueTypes.integer(0, MAX_COUNT, "N"), 1024,
            ServerConfig::history,
            "ticks kept per symbol for resume, 0..1000000 (all symbols: at most 1/4 of the JVM's direct memory)");
    /** Quiet time on a connection before a heartbeat message. */
    public static final Option<Duration> HEARTBEAT_INTERVAL = define("heartbeat-interval",
            ValueTypes.duration(MIN_TIMER, MAX_TIMER), SessionSettings.DEFAULTS.heartbeatInterval(),
            ServerConfig::heartbeatInterval, "quiet time before a heartbeat message");
    /** Interval of server WebSocket pings. */
    public static final Option<Duration> PING_INTERVAL = define("ping-interval",
            ValueTypes.duration(MIN_TIMER, MAX_TIMER), StreamListenerConfig.DEFAULT_PING_INTERVAL,
            ServerConfig::pingInterval, "interval of WebSocket pings; must be below idle-timeout");
    /** Inbound silence after which a connection is closed. */
    public static final Option<Duration> IDLE_TIMEOUT = define("idle-timeout",
            ValueTypes.duration(Duration.ofSeconds(1), MAX_TIMER), StreamListenerConfig.DEFAULT_IDLE_TIMEOUT,
            ServerConfig::idleTimeout, "close a connection that sent nothing for this long");
    /** Deadline for a complete handshake request head. */
    public static final Option<Duration> HANDSHAKE_TIMEOUT = define("handshake-timeout",
            ValueTypes.duration(MIN_TIMER, MAX_TIMER), WebSocketLimits.DEFAULT_HANDSHAKE_TIMEOUT,
            ServerConfig::handshakeTimeout,
            "deadline for a complete request head (stream handshake or web request), a web request's body, and"
                    + " a web answer's next bytes to leave");
    /** Largest handshake request head. */
    public static final Option<Integer> MAX_HEAD_BYTES = define("max-head-bytes", ValueTypes.size(256, MAX_SIZE),
            WebSocketLimits.DEFAULT_HEAD_BYTES, ServerConfig::maxHeadBytes,
            "largest handshake request head; over it 431");
    /** Largest inbound message on {@code /stream}. */
    public static final Option<Integer> MAX_MESSAGE_BYTES = define("max-message-bytes",
            ValueTypes.size(125, MAX_SIZE), WebSocketLimits.DEFAULT_STREAM_MESSAGE_BYTES,
            ServerConfig::maxMessageBytes, "largest inbound message on /stream; over it close 1009");
    /** Largest inbound message on {@code /echo}. */
    public static final Option<Integer> ECHO_MAX_MESSAGE_BYTES = define("echo-max-message-bytes",
            ValueTypes.size(125, MAX_SIZE), WebSocketLimits.DEFAULT_ECHO_MESSAGE_BYTES,
            ServerConfig::echoMaxMessageBytes, "largest inbound message on /echo; over it close 1009");
    /** {@code SO_SNDBUF} of stream and web connections. */
    public static final Option<Integer> SEND_BUFFER = define("send-buffer",
            ValueTypes.size((int) (4 * Quantities.KIB), MAX_SIZE), StreamListenerConfig.DEFAULT_SEND_BUFFER_BYTES,
            ServerConfig::sendBuffer, "socket send buffer (SO_SNDBUF) of stream and web connections");
    /** Event-loop threads of the stream listener. */
    public static final Option<Integer> IO_THREADS = define("io-threads", ValueTypes.integer(1, 1024, "N"),
            StreamListenerConfig.DEFAULT_IO_THREADS, ServerConfig::ioThreads,
            "event-loop threads of the stream listener (default: the CPUs this JVM may use)");
    /** How long a connection collects outbound messages before writing them. */
    public static final Option<Duration> WRITE_DELAY = define("write-delay",
            ValueTypes.duration(Duration.ZERO, MAX_WRITE_DELAY), SessionSettings.DEFAULTS.writeDelay(),
            ServerConfig::writeDelay,
            "collect a connection's messages this long per socket write: less CPU, more latency; 0 = at once");

    /** Every option, in the order of {@code --help} and of {@link ServerConfig}'s components. */
    public static final List<Option<?>> ALL = List.copyOf(DEFINED);

    private static final Map<String, Option<?>> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Option::name, Function.identity()));

    private final String name;
    private final ValueType<T> type;
    private final T defaultValue;
    private final Function<ServerConfig, T> accessor;
    private final String description;

    private Option(String name, ValueType<T> type, T defaultValue, Function<ServerConfig, T> accessor,
                   String description) {
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.accessor = accessor;
        this.description = description;
    }

    private static <T> Option<T> define(String name, ValueType<T> type, T defaultValue,
                                        Function<ServerConfig, T> accessor, String description) {
        Option<T> option = new Option<>(name, type, defaultValue, accessor, description);
        DEFINED.add(option);
        return option;
    }

    /**
     * @param name an option name without dashes, e.g. {@code http-port}
     * @return the option of that name, if there is one
     */
    public static Optional<Option<?>> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** @return the name, e.g. {@code http-port}; also the config-file key */
    public String name() {
        return name;
    }

    /** @return the command-line flag, e.g. {@code --http-port} */
    public String flag() {
        return "--" + name;
    }

    /** @return the environment variable, e.g. {@code PRICEFEED_HTTP_PORT} */
    public String envName() {
        return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** @return the value used when no source sets the option */
    public T defaultValue() {
        return defaultValue;
    }

    /** @return one line for {@code --help} */
    public String description() {
        return description;
    }

    /**
     * @param config a configuration
     * @return this option's value in it
     */
    public T valueIn(ServerConfig config) {
        return accessor.apply(config);
    }

    /**
     * @param value a value of this option
     * @return its text form as {@code --help} and {@code toString} show it (a secret is masked)
     */
    public String display(T value) {
        return type.display(value);
    }

    ValueType<T> type() {
        return type;
    }

    /**
     * @param text trimmed text from a flag, the environment or the config file
     * @return the checked value
     * @throws InvalidValueException naming the problem
     */
    T parse(String text) {
        return type.parse(text);
    }

    /**
     * Checks a value that did not come from text, as {@link ServerConfig}'s constructor does.
     *
     * @param value the value
     * @return the value
     * @throws IllegalArgumentException naming this option and the problem
     */
    T check(T value) {
        Objects.requireNonNull(value, name);
        try {
            type.checker().accept(value);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException("invalid " + name + " " + type.display(value) + ": " + e.problem());
        }
        return value;
    }

    @Override
    public String toString() {
        return flag();
    }
}
