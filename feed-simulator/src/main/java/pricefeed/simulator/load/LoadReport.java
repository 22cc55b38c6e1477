package pricefeed.simulator.load;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The figures of one load test, as {@link LoadRun#run(LoadPlan)} returns them. {@link #toJson()} writes
 * them as one JSON object whose field names are stable (listed below and in {@code docs/LOADTEST.md});
 * {@link #toTable()} as the text table {@code loadtest} prints. Times are milliseconds or seconds as
 * named; a figure with nothing to measure is {@code NaN} here and {@code null} in JSON.
 *
 * <pre>
 * {"url", "clients", "stalledClients", "idleConnections", "symbols": [..], "throttleMs",
 *  "offeredSeconds", "warmupSeconds", "measuredSeconds",
 *  "connections": {"attempted", "opened", "subscribed", "failed", "failures": {reason: n}, "firstFailure",
 *                  "dropped", "droppedByCode": {code: n},
 *                  "protocolErrors", "protocolErrorsByCode": {code: n}},
 *  "messages":    {"delivered", "perSecond", "ticks", "snapshots", "other", "errorReplies", "firstError",
 *                  "malformed", "bytes"},
 *  "latencyMs":   {"count", "p50", "p90", "p99", "p999", "max", "mean"},
 *  "sequence":    {"gaps", "missing", "conflated", "duplicates", "epochResets", "untracked"},
 *  "stalled":     {"clients", "stalled", "dropped", "droppedWithClose1008", "medianMsToDrop", "maxMsToDrop",
 *                  "backlogMessages"},
 *  "idle":        {"requested", "opened", "stillOpen"}}
 * </pre>
 *
 * @param plan            what was run
 * @param measuredSeconds the span the message figures cover: from the end of the warm-up to the end of the
 *                        run; the planned span or a fraction of a millisecond more, and shorter when every
 *                        connection ended early
 * @param connections     connection attempts and their fate
 * @param messages        what the reading clients received in the measured span
 * @param latency         tick latency in the measured span
 * @param sequence        seq checks in the measured span
 * @param stalled         what became of the clients that stopped reading
 * @param idle            what became of the idle connections
 */
public record LoadReport(LoadPlan plan, double measuredSeconds, Connections connections, Messages messages,
                         Latency latency, Sequence sequence, Stalled stalled, Idle idle) {

    public LoadReport {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(stalled, "stalled");
        Objects.requireNonNull(idle, "idle");
    }

    /**
     * @param attempted     connections attempted (clients and idle)
     * @param opened        connections whose WebSocket handshake succeeded
     * @param subscribed    reading clients whose subscription the server confirmed: they received a
     *                      {@code subscribed} reply, a snapshot or a tick (the command exits 3 when clients opened
     *                      and none did)
     * @param failed        attempts that never opened: connect or handshake failures, timeouts
     * @param failures      failed attempts by one-line reason
     * @param firstFailure  the reason of the attempt that failed first, or null
     * @param dropped       open reading or idle connections the server ended before the run did (stalled
     *                      clients are counted in {@link Stalled})
     * @param droppedByCode those drops by close code (1006 when the connection ended without a close frame)
     * @param protocolErrors open connections we closed because the server broke the protocol (a bad frame,
     *                       invalid UTF-8, a message over our limit)
     * @param protocolErrorsByCode those by the close code we sent (1002, 1007, 1009)
     */
    public record Connections(int attempted, int opened, int subscribed, int failed, Map<String, Integer> failures,
                              String firstFailure, int dropped, Map<Integer, Integer> droppedByCode,
                              int protocolErrors, Map<Integer, Integer> protocolErrorsByCode) {
        public Connections {
            failures = Collections.unmodifiableMap(new TreeMap<>(failures));
            droppedByCode = Collections.unmodifiableMap(new TreeMap<>(droppedByCode));
            protocolErrorsByCode = Collections.unmodifiableMap(new TreeMap<>(protocolErrorsByCode));
        }
    }

    /**
     * @param delivered    ticks plus snapshots delivered to reading clients
     * @param perSecond    delivered per second of the measured span
     * @param ticks        live ticks among them
     * @param snapshots    snapshots among them
     * @param other        every other message (subscribed, heartbeat, error, ...)
     * @param errorReplies {@code error} replies among the other messages
     * @param firstError   the first error reply's code and message, or null
     * @param malformed    messages neither tick nor any server message we can read, binary ones included
     * @param bytes        payload bytes of the delivered ticks and snapshots
     */
    public record Messages(long delivered, double perSecond, long ticks, long snapshots, long other,
                           long errorReplies, String firstError, long malformed, long bytes) {
    }

    /**
     * Receipt time (the socket read that brought the tick) minus the tick's {@code ts}, over live ticks.
     *
     * @param count ticks timed
     * @param p50   median, ms
     * @param p90   90th percentile, ms
     * @param p99   99th percentile, ms
     * @param p999  99.9th percentile, ms
     * @param max   largest, ms
     * @param mean  mean, ms
     */
    public record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {
    }

    /**
     * @param gaps        forward jumps in a symbol's seq on an unthrottled subscription: loss
     * @param missing     the seqs those jumps skipped
     * @param conflated   seqs skipped on a throttled subscription: expected, not loss
     * @param duplicates  ticks whose seq was not above the last one seen for the symbol
     * @param epochResets baselines dropped because a {@code subscribed} reply named a new epoch
     * @param untracked   ticks of symbols beyond the client's symbol limit, not checked
     */
    public record Sequence(long gaps, long missing, long conflated, long duplicates, long epochResets,
                           long untracked) {
    }

    /**
     * @param clients              clients planned to stall
     * @param stalled              clients that did stop reading (the others ended or the run ended first)
     * @param dropped              stalled clients the server dropped (close frame or end of stream)
     * @param droppedWithClose1008 those whose connection ended with close 1008
     * @param medianMsToDrop       median time from the stall until the client could tell it was dropped, ms
     * @param maxMsToDrop          the longest such time, ms
     * @param backlogMessages      messages the stalled clients read after stalling (when a reset arrived, or
     *                             after the run to find how they ended)
     */
    public record Stalled(int clients, int stalled, int dropped, int droppedWithClose1008, double medianMsToDrop,
                          double maxMsToDrop, long backlogMessages) {
    }

    /**
     * @param requested idle connections planned
     * @param opened    idle connections whose handshake succeeded
     * @param stillOpen idle connections open when the run ended
     */
    public record Idle(int requested, int opened, int stillOpen) {
    }

    /** @return whether any connection opened at all (the command exits 1 when none did) */
    public boolean connectedAtAll() {
        return connections.opened() > 0;
    }

    /**
     * @return whether reading clients opened and the server confirmed not one of their subscriptions, as when
     *         every subscribe names an unknown symbol (the command exits 3: nothing was measured)
     */
    public boolean noSubscriptionConfirmed() {
        return connections.opened() - idle.opened() > 0 && connections.subscribed() == 0;
    }

    /** @return the report as one JSON object with the field names above */
    public String toJson() {
        return ReportJson.write(this);
    }

    /** @return the report as the text table {@code loadtest} prints */
    public String toTable() {
        return ReportTable.write(this);
    }
}
