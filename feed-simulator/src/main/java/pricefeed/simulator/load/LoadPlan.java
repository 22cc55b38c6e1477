package pricefeed.simulator.load;

import pricefeed.core.json.JsonProtocol;
import pricefeed.core.market.SymbolSpec;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * One load test: what {@code loadtest}'s options describe, validated once. Build it with
 * {@link #builder(URI)} (every option at its command-line default) and run it with {@link LoadRun#run(LoadPlan)}.
 *
 * <p>Connections are numbered in the order they are attempted, spread evenly over {@code ramp}: the
 * {@code clients} reading clients first (every {@code clients/stalled}-th of them one that will stall),
 * then the {@code idle} connections. Times run from the first attempt: the run ends at {@code duration},
 * and the figures of the first {@code warmup} are left out of the report.
 *
 * @param url            the stream endpoint, {@code ws://host:port/path}
 * @param clients        connections that subscribe and read, the stalled ones included
 * @param symbols        what each client subscribes to: {@code ["*"]} for every symbol, or tickers
 * @param throttleMs     the subscription's {@code throttleMs}: 0 for none, else 10 to 60000
 * @param duration       how long the run lasts, from the first connection attempt
 * @param ramp           connection attempts are spread evenly over this; zero for all at once
 * @param stalled        how many of the clients stop reading ({@code 0..clients})
 * @param stallAfter     how long after subscribing a stalled client stops reading
 * @param idle           extra connections that complete the handshake and never subscribe
 * @param connectTimeout the limit for the TCP connect, and again for the WebSocket handshake
 * @param warmup         figures from this first part of the run are not reported
 * @param progress       the interval between progress lines; zero for none
 * @param eventLoops     how many event-loop threads carry the connections
 */
public record LoadPlan(URI url, int clients, List<String> symbols, int throttleMs, Duration duration,
                       Duration ramp, int stalled, Duration stallAfter, int idle, Duration connectTimeout,
                       Duration warmup, Duration progress, int eventLoops) {

    /** The stream's query parameter that subscribes at the handshake (PROTOCOL.md section 2). */
    private static final String QUERY_SYMBOLS = "symbols";
    /** {@code --clients} default. */
    public static final int DEFAULT_CLIENTS = 100;
    /** {@code --duration} default. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    /** {@code --ramp} default (or the duration, if that is shorter). */
    public static final Duration DEFAULT_RAMP = Duration.ofSeconds(2);
    /** {@code --stall-after} default (or half the duration, if that is shorter). */
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofSeconds(2);
    /** {@code --connect-timeout} default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** {@code --progress} default. */
    public static final Duration DEFAULT_PROGRESS = Duration.ofSeconds(1);

    public LoadPlan {
        Objects.requireNonNull(url, "url");
        symbols = List.copyOf(Objects.requireNonNull(symbols, "symbols"));
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(ramp, "ramp");
        Objects.requireNonNull(stallAfter, "stallAfter");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(progress, "progress");
        checkUrl(url);
        if (clients < 0 || clients > LoadConstants.MAX_CONNECTIONS) {
            throw new InvalidPlanException("clients", clients, "must be 0.." + LoadConstants.MAX_CONNECTIONS);
        }
        if (idle < 0 || idle > LoadConstants.MAX_CONNECTIONS - clients) {
            throw new InvalidPlanException("idle", idle,
                    "must be 0.." + LoadConstants.MAX_CONNECTIONS + " minus the clients");
        }
        if (clients + idle == 0) {
            throw new InvalidPlanException("clients", clients, "must be at least 1 when there are no idle connections");
        }
        checkSymbols(symbols);
        if (!JsonProtocol.isValidThrottle(throttleMs)) {
            throw new InvalidPlanException("throttleMs", throttleMs, "must be 0 or "
                    + JsonProtocol.THROTTLE_MIN_MS + ".." + JsonProtocol.THROTTLE_MAX_MS);
        }
        if (!isPositive(duration)) {
            throw new InvalidPlanException("duration", Durations.format(duration), "must be positive");
        }
        if (ramp.isNegative() || ramp.compareTo(duration) > 0) {
            throw new InvalidPlanException("ramp", Durations.format(ramp), "must be 0 up to the duration");
        }
        if (stalled < 0 || stalled > clients) {
            throw new InvalidPlanException("stalled", stalled, "must be 0 up to the number of clients");
        }
        if (stallAfter.isNegative() || (stalled > 0 && stallAfter.compareTo(duration) >= 0)) {
            throw new InvalidPlanException("stallAfter", Durations.format(stallAfter),
                    "must be 0 or more, and shorter than the duration");
        }
        if (!isPositive(connectTimeout)) {
            throw new InvalidPlanException("connectTimeout", Durations.format(connectTimeout), "must be positive");
        }
        if (warmup.isNegative() || warmup.compareTo(duration) >= 0) {
            throw new InvalidPlanException("warmup", Durations.format(warmup), "must be 0 or more, and shorter than the duration");
        }
        if (progress.isNegative()) {
            throw new InvalidPlanException("progress", Durations.format(progress), "must be 0 (none) or more");
        }
        if (eventLoops < 1 || eventLoops > LoadConstants.MAX_EVENT_LOOPS) {
            throw new InvalidPlanException("eventLoops", eventLoops, "must be 1.." + LoadConstants.MAX_EVENT_LOOPS);
        }
    }

    /**
     * @param url the stream endpoint
     * @return a builder with every other option at its default
     */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** @return the number of connections the run attempts: clients plus idle ones */
    public int connections() {
        return clients + idle;
    }

    /**
     * @param index a connection's number, {@code 0 .. connections()-1}
     * @return what that connection does
     */
    ClientKind kindOf(int index) {
        if (index >= clients) {
            return ClientKind.IDLE;
        }
        // Spread the stalled ones evenly: client i stalls when i * stalled / clients steps up at i.
        long before = (long) index * stalled / clients;
        long after = (long) (index + 1) * stalled / clients;
        return after > before ? ClientKind.STALLER : ClientKind.READER;
    }

    /**
     * @param index a connection's number, {@code 0 .. connections()-1}
     * @return when that connection is attempted, in nanoseconds from the first: {@code ramp * index /
     *         connections()}, spreading the attempts evenly over the ramp
     */
    long rampDelayNanos(int index) {
        long ramp = this.ramp.toNanos();
        int n = connections();
        // ramp * index overflows a long beyond about 1 day x 100,000 connections: split ramp by n first.
        return ramp / n * index + ramp % n * index / n;
    }

    /**
     * @return the URL idle connections open: {@link #url} without its {@code symbols} query parameters, which
     *         would subscribe them at once (other parameters are kept)
     */
    public URI idleUrl() {
        String raw = url.getRawQuery();
        if (raw == null) {
            return url;
        }
        StringJoiner kept = new StringJoiner("&");
        for (String parameter : raw.split("&", -1)) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!URLDecoder.decode(name, StandardCharsets.UTF_8).equals(QUERY_SYMBOLS)) {
                kept.add(parameter);
            }
        }
        String whole = url.toString();
        String base = whole.substring(0, whole.indexOf('?'));
        return URI.create(kept.length() == 0 ? base : base + "?" + kept);
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }

    private static void checkUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws")) {
            throw new InvalidPlanException("url", url, "must be a ws:// URL; wss is not supported");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new InvalidPlanException("url", url, "must name a host");
        }
        if (url.getRawFragment() != null) {
            throw new InvalidPlanException("url", url, "must not have a #fragment (RFC 6455 section 3)");
        }
        if (url.getPort() == 0 || url.getPort() > 65_535) { // -1: no port given, the default 80
            throw new InvalidPlanException("url", url, "port must be 1..65535");
        }
    }

    private static void checkSymbols(List<String> symbols) {
        if (symbols.isEmpty()) {
            throw new InvalidPlanException("symbols", symbols, "must name at least one symbol, or *");
        }
        if (symbols.contains(JsonProtocol.ALL_SYMBOLS)) {
            if (symbols.size() > 1) {
                throw new InvalidPlanException("symbols", String.join(",", symbols), "* stands alone");
            }
            return;
        }
        if (symbols.size() > JsonProtocol.DEFAULT_MAX_SYMBOLS) {
            throw new InvalidPlanException("symbols", symbols.size() + " symbols",
                    "must be at most " + JsonProtocol.DEFAULT_MAX_SYMBOLS);
        }
        for (String s : symbols) {
            if (!SymbolSpec.isValidSymbol(s)) {
                throw new InvalidPlanException("symbols", s,
                        "a symbol is 1 to " + SymbolSpec.MAX_SYMBOL_LENGTH + " of A-Z 0-9 . - _");
            }
        }
        if (symbols.stream().distinct().count() != symbols.size()) {
            throw new InvalidPlanException("symbols", String.join(",", symbols), "must not repeat a symbol");
        }
    }

    /** Fluent construction of a {@link LoadPlan}, starting from the command line's defaults. */
    public static final class Builder {
        private final URI url;
        private int clients = DEFAULT_CLIENTS;
        private List<String> symbols = List.of(JsonProtocol.ALL_SYMBOLS);
        private int throttleMs = JsonProtocol.THROTTLE_NONE;
        private Duration duration = DEFAULT_DURATION;
        /** Null until set: then {@link #DEFAULT_RAMP}, or the duration if that is shorter. */
        private Duration ramp;
        private int stalled;
        private Duration stallAfter;
        private int idle;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration warmup = Duration.ZERO;
        private Duration progress = DEFAULT_PROGRESS;
        private int eventLoops = Runtime.getRuntime().availableProcessors();

        private Builder(URI url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        /**
         * @param n reading clients
         * @return this builder
         */
        public Builder clients(int n) {
            this.clients = n;
            return this;
        }

        /**
         * @param list tickers, or just {@code "*"}
         * @return this builder
         */
        public Builder symbols(List<String> list) {
            this.symbols = list;
            return this;
        }

        /**
         * @param ms 0, or 10..60000
         * @return this builder
         */
        public Builder throttleMs(int ms) {
            this.throttleMs = ms;
            return this;
        }

        /**
         * @param d the run's length
         * @return this builder
         */
        public Builder duration(Duration d) {
            this.duration = d;
            return this;
        }

        /**
         * @param d the span over which connections are attempted
         * @return this builder
         */
        public Builder ramp(Duration d) {
            this.ramp = d;
            return this;
        }

        /**
         * @param n clients that stop reading
         * @return this builder
         */
        public Builder stalled(int n) {
            this.stalled = n;
            return this;
        }

        /**
         * @param d time from subscribe to stall
         * @return this builder
         */
        public Builder stallAfter(Duration d) {
            this.stallAfter = d;
            return this;
        }

        /**
         * @param n connections that never subscribe
         * @return this builder
         */
        public Builder idle(int n) {
            this.idle = n;
            return this;
        }

        /**
         * @param d connect and handshake limit
         * @return this builder
         */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /**
         * @param d unreported first part of the run
         * @return this builder
         */
        public Builder warmup(Duration d) {
            this.warmup = d;
            return this;
        }

        /**
         * @param d progress interval, zero for none
         * @return this builder
         */
        public Builder progress(Duration d) {
            this.progress = d;
            return this;
        }

        /**
         * @param n event-loop threads
         * @return this builder
         */
        public Builder eventLoops(int n) {
            this.eventLoops = n;
            return this;
        }

        /**
         * @return the plan
         * @throws InvalidPlanException if a value is out of range
         */
        public LoadPlan build() {
            Duration effectiveRamp = ramp != null ? ramp
                    : duration != null && duration.compareTo(DEFAULT_RAMP) < 0 ? duration : DEFAULT_RAMP;
            // A default that always fits the run; with a long ramp a late client may still stall near its end.
            Duration effectiveStallAfter = stallAfter != null ? stallAfter
                    : duration != null && duration.compareTo(DEFAULT_STALL_AFTER.multipliedBy(2)) < 0
                    ? duration.dividedBy(2) : DEFAULT_STALL_AFTER;
            return new LoadPlan(url, clients, symbols, throttleMs, duration, effectiveRamp, stalled,
                    effectiveStallAfter, idle, connectTimeout, warmup, progress, eventLoops);
        }
    }
}
