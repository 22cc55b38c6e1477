package pricefeed.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import static pricefeed.server.metrics.MetricNames.*;

/**
 * The feed's metrics in one Prometheus registry, plus the JVM's. Hot-path updates are a
 * {@link LongAdder} increment each: the registry reads the adders only when scraped, and no call looks
 * up a meter or a tag. Tagged counters (close reason, handshake status) are looked up per call, which
 * is fine at connection rate; their tag values are bounded so a peer cannot grow the series without
 * limit. The registry holds the adders weakly (Micrometer's way for function meters), so keep this
 * object, not just its {@link #registry()}, for as long as metrics are scraped. Thread-safe.
 */
public final class FeedMetrics implements AutoCloseable {

    /** The {@code Content-Type} of {@link #scrape()}: Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Most distinct close reasons tracked; later new ones count as {@code other}. */
    static final int MAX_REASONS = 32;
    private static final Pattern REASON = Pattern.compile("[a-z0-9_]{1,32}");

    /** Latency buckets, 10 µs to 1 s in 1-2.5-5 steps: one event-loop hop up to a badly stalled write. */
    private static final Duration[] LATENCY_BUCKETS = {
        micros(10), micros(25), micros(50), micros(100), micros(250), micros(500),
        micros(1_000), micros(2_500), micros(5_000), micros(10_000), micros(25_000), micros(50_000),
        micros(100_000), micros(250_000), micros(500_000), micros(1_000_000),
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final LongAdder connectionsActive = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder slowConsumerDisconnects = new LongAdder();
    /** Where the tick and subscription counts are read at scrape time: the fan-out, once the server has one. */
    private volatile LongSupplier ticksPublished = () -> 0;
    private volatile LongSupplier simulatorSkippedMicros = () -> 0;
    private volatile LongSupplier subscriptionsActive = () -> 0;
    private volatile LongSupplier historyTicks = () -> 0;
    private volatile long historyBudgetTicks;
    private final ConcurrentMap<String, LongAdder> closedByReason = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, LongAdder> handshakeFailuresByStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> acceptFailuresByListener = new HashMap<>();
    private final Timer tickToWrite;

    /** Creates the registry with every feed meter registered (tagged ones at their known values) and the JVM binders. */
    public FeedMetrics() {
        gauge(CONNECTIONS_ACTIVE, connectionsActive, "Open stream connections");
        Gauge.builder(SUBSCRIPTIONS_ACTIVE, this, FeedMetrics::subscriptionsActive).strongReference(true)
                .description("Active (connection, symbol) subscriptions").register(registry);
        Gauge.builder(HISTORY_TICKS, this, m -> m.historyTicks.getAsLong()).strongReference(true)
                .description("Room for resume ticks the symbols' histories have taken").register(registry);
        Gauge.builder(HISTORY_BUDGET_TICKS, this, m -> m.historyBudgetTicks).strongReference(true)
                .description("Room for resume ticks all histories may take together").register(registry);
        counter(CONNECTIONS_OPENED, connectionsOpened, "Stream connections upgraded to WebSocket");
        counter(MESSAGES_SENT, messagesSent, "Messages written to stream clients");
        counter(BYTES_SENT, bytesSent, "Bytes written to stream clients");
        counter(SLOW_CONSUMER_DISCONNECTS, slowConsumerDisconnects, "Connections dropped as slow consumers");
        FunctionCounter.builder(TICKS_PUBLISHED, this, FeedMetrics::ticksPublished)
                .description("Ticks published by the simulator").register(registry);
        FunctionCounter.builder(SIMULATOR_SKIPPED, this, m -> m.simulatorSkippedMicros.getAsLong() / 1e6)
                .description("Wall time the simulator skipped because it fell behind").register(registry);
        CLOSE_REASONS.forEach(this::closedCounter);
        HANDSHAKE_STATUSES.forEach(this::handshakeCounter);
        for (String listener : LISTENERS) {
            acceptFailuresByListener.put(listener, taggedCounter(ACCEPT_FAILURES,
                    "Connections a listener failed to accept (most often: no file descriptor left)",
                    TAG_LISTENER, listener));
        }
        tickToWrite = Timer.builder(TICK_TO_WRITE_LATENCY)
                .description("Time from a tick's creation to its write to a client socket")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);

        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** A stream connection completed its handshake. */
    public void connectionOpened() {
        connectionsOpened.increment();
        connectionsActive.increment();
    }

    /**
     * A stream connection that was {@linkplain #connectionOpened() opened} ended.
     *
     * @param reason why, one of the {@code MetricNames.REASON_*} values preferably; anything not matching
     *               {@code [a-z0-9_]{1,32}} counts as {@code other}
     */
    public void connectionClosed(String reason) {
        connectionsActive.decrement();
        closedCounter(reason).increment();
    }

    /**
     * Messages were written to a client. Hot: two adder increments.
     *
     * @param count number of messages
     * @param bytes their size on the wire
     */
    public void messagesSent(long count, long bytes) {
        messagesSent.add(count);
        bytesSent.add(bytes);
    }

    /** A connection was dropped for exceeding its outbound budget or lag (it is also closed, separately). */
    public void slowConsumerDisconnect() {
        slowConsumerDisconnects.increment();
    }

    /**
     * @param listener one of {@code MetricNames.LISTENERS}
     * @return counts one connection that listener failed to accept
     * @throws IllegalArgumentException for another listener name
     */
    public Runnable acceptFailureCounter(String listener) {
        LongAdder adder = acceptFailuresByListener.get(listener);
        if (adder == null) {
            throw new IllegalArgumentException("unknown listener: " + listener);
        }
        return adder::increment;
    }

    /**
     * A handshake was rejected.
     *
     * @param httpStatus the status answered, e.g. 431; outside 100..599 counts as {@code other}
     */
    public void handshakeFailure(int httpStatus) {
        handshakeCounter(httpStatus).increment();
    }

    /**
     * Records one tick-to-write latency. Costs about 0.2 µs (Micrometer timer with 16 buckets), so a
     * caller on the per-message path should sample, e.g. one message in 64.
     *
     * @param micros microseconds from the tick's {@code ts} to the write; negative values (clock steps) are dropped
     */
    public void recordTickToWrite(long micros) {
        // Micrometer would log a warning with a stack trace for a negative amount; here it is expected.
        if (micros >= 0) {
            tickToWrite.record(micros, TimeUnit.MICROSECONDS);
        }
    }

    /**
     * Makes {@code feed_ticks_published_total} read the given count: the fan-out counts every tick it
     * publishes already, so the hot path pays for one counter, not two.
     *
     * @param ticksPublished read at every scrape; must be thread-safe and never decrease
     */
    public void countTicks(LongSupplier ticksPublished) {
        this.ticksPublished = Objects.requireNonNull(ticksPublished, "ticksPublished");
    }

    /**
     * Makes {@code feed_simulator_skipped_seconds_total} read the simulator's own total.
     *
     * @param skippedMicros read at every scrape; must be thread-safe and never decrease
     */
    public void countSimulatorSkipped(LongSupplier skippedMicros) {
        this.simulatorSkippedMicros = Objects.requireNonNull(skippedMicros, "skippedMicros");
    }

    /**
     * Makes {@code feed_subscriptions_active} read the given count: counted where subscriptions live
     * (the fan-out's symbol feeds), so no code path that adds or drops one can forget to report it.
     *
     * @param activeSubscriptions read at every scrape; must be thread-safe
     */
    public void countSubscriptions(LongSupplier activeSubscriptions) {
        subscriptionsActive = Objects.requireNonNull(activeSubscriptions, "activeSubscriptions");
    }

    /**
     * Makes {@code feed_history_ticks} and {@code feed_history_budget_ticks} read the tick history's budget.
     *
     * @param taken read at every scrape: room the histories hold now; must be thread-safe
     * @param limit the most they may hold
     */
    public void countHistory(LongSupplier taken, long limit) {
        historyTicks = Objects.requireNonNull(taken, "taken");
        historyBudgetTicks = limit;
    }

    /** @return open stream connections now */
    public long connectionsActive() {
        return connectionsActive.sum();
    }

    /** @return active subscriptions now */
    public long subscriptionsActive() {
        return subscriptionsActive.getAsLong();
    }

    /** @return ticks published so far */
    public long ticksPublished() {
        return ticksPublished.getAsLong();
    }

    /** @return every metric in Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}) */
    public String scrape() {
        return registry.scrape();
    }

    /** @return the registry, to add meters of other parts */
    public MeterRegistry registry() {
        return registry;
    }

    /** Stops the GC listener and closes the registry. */
    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }

    private LongAdder closedCounter(String reason) {
        String tag = reason != null && REASON.matcher(reason).matches() ? reason : REASON_OTHER;
        LongAdder adder = closedByReason.get(tag);
        if (adder != null) {
            return adder;
        }
        if (closedByReason.size() >= MAX_REASONS) {
            return closedByReason.get(REASON_OTHER);
        }
        return closedByReason.computeIfAbsent(tag,
                t -> taggedCounter(CONNECTIONS_CLOSED, "Stream connections ended, by reason", TAG_REASON, t));
    }

    private LongAdder handshakeCounter(int status) {
        int key = status >= 100 && status <= 599 ? status : 0;
        return handshakeFailuresByStatus.computeIfAbsent(key, k -> taggedCounter(HANDSHAKE_FAILURES,
                "Stream handshakes rejected, by HTTP status", TAG_STATUS, k == 0 ? REASON_OTHER : Integer.toString(k)));
    }

    /** @return a new adder, registered as the counter {@code name} with one tag */
    private LongAdder taggedCounter(String name, String description, String tag, String value) {
        LongAdder created = new LongAdder();
        FunctionCounter.builder(name, created, LongAdder::sum).description(description).tag(tag, value)
                .register(registry);
        return created;
    }

    private void counter(String name, LongAdder adder, String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum).description(description)
                .register(registry);
    }

    private void gauge(String name, LongAdder adder, String description) {
        Gauge.builder(name, adder, LongAdder::sum).strongReference(true).description(description).register(registry);
    }

    private static Duration micros(long micros) {
        return Duration.ofNanos(micros * 1_000);
    }
}
