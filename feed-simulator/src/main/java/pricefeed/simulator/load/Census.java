package pricefeed.simulator.load;

import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.CloseStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The life of every connection, counted from any thread: attempts, failures by reason, opens and drops by
 * close code, the stalled clients' fate. These events are rare (a few per connection), so plain atomics and
 * short synchronized sections do; the per-message figures live in {@link IntervalStats}.
 */
final class Census {

    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final AtomicInteger clientsOpen = new AtomicInteger();
    private final AtomicInteger idleOpened = new AtomicInteger();
    private final AtomicInteger idleOpen = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger protocolErrors = new AtomicInteger();
    private final AtomicInteger stalled = new AtomicInteger();
    private final AtomicInteger stalledDropped = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    /** Connections not yet failed or closed; at zero nothing can happen any more. */
    private final AtomicInteger live;
    private final CountDownLatch allEnded = new CountDownLatch(1);

    private final Map<String, Integer> failures = new TreeMap<>();
    private final Map<Integer, Integer> droppedByCode = new TreeMap<>();
    private final Map<Integer, Integer> protocolErrorsByCode = new TreeMap<>();
    private final List<Long> stalledDropNanos = new ArrayList<>();
    private int stalledDroppedWithClose1008;

    /** @param connections how many connections the run attempts */
    Census(int connections) {
        this.live = new AtomicInteger(connections);
    }

    void attempted() {
        attempted.incrementAndGet();
    }

    /** @param reason one line saying why a connection attempt failed */
    void failed(String reason) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, reason);
        synchronized (failures) {
            String key = failures.containsKey(reason) || failures.size() < LoadConstants.MAX_FAILURE_REASONS
                    ? reason : LoadConstants.OTHER_FAILURE;
            failures.merge(key, 1, Integer::sum);
        }
        ended();
    }

    /** @param kind what the connection that completed its handshake does */
    void opened(ClientKind kind) {
        opened.incrementAndGet();
        if (kind == ClientKind.IDLE) {
            idleOpened.incrementAndGet();
            idleOpen.incrementAndGet();
        } else {
            clientsOpen.incrementAndGet();
        }
    }

    /** Who ended an open connection, and why. */
    enum Ending {
        /** We closed it because the run was over. */
        RUN_OVER,
        /** The server closed it, or the connection broke. */
        DROPPED,
        /** We closed it because the server broke the protocol (a bad frame, invalid UTF-8, a message too big). */
        PROTOCOL_ERROR
    }

    /**
     * An open connection ended.
     *
     * @param kind   what it does
     * @param ending who ended it
     * @param code   its close code (1006 when there was no close frame)
     */
    void closed(ClientKind kind, Ending ending, int code) {
        (kind == ClientKind.IDLE ? idleOpen : clientsOpen).decrementAndGet();
        switch (ending) {
            case DROPPED -> count(dropped, droppedByCode, code);
            case PROTOCOL_ERROR -> count(protocolErrors, protocolErrorsByCode, code);
            case RUN_OVER -> {
            }
        }
        ended();
    }

    private static void count(AtomicInteger total, Map<Integer, Integer> byCode, int code) {
        total.incrementAndGet();
        synchronized (byCode) {
            byCode.merge(code, 1, Integer::sum);
        }
    }

    /** A reading client's subscription was confirmed: its first {@code subscribed} reply, tick or snapshot came. */
    void subscribed() {
        subscribed.incrementAndGet();
    }

    /** A connection was never attempted because the run ended first. */
    void notStarted() {
        ended();
    }

    /** A client stopped reading. */
    void stalled() {
        stalled.incrementAndGet();
    }

    /**
     * A stalled client found it had been dropped, and it is now closed.
     *
     * @param status     how its connection ended
     * @param afterNanos from the stall until the client could tell
     */
    void stalledDropped(CloseStatus status, long afterNanos) {
        clientsOpen.decrementAndGet();
        stalledDropped.incrementAndGet();
        synchronized (stalledDropNanos) {
            stalledDropNanos.add(afterNanos);
            if (status.code() == CloseCode.POLICY_VIOLATION.code()) {
                stalledDroppedWithClose1008++;
            }
        }
        ended();
    }

    /** @param text the code and message of an {@code error} reply */
    void errorReply(String text) {
        firstError.compareAndSet(null, text);
    }

    /**
     * @param timeoutNanos how long to wait at most
     * @return true once every connection has failed or closed
     * @throws InterruptedException if interrupted while waiting
     */
    boolean awaitAllEnded(long timeoutNanos) throws InterruptedException {
        return allEnded.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void ended() {
        if (live.decrementAndGet() == 0) {
            allEnded.countDown();
        }
    }

    int attemptedCount() {
        return attempted.get();
    }

    int failedCount() {
        return failed.get();
    }

    int openedCount() {
        return opened.get();
    }

    int subscribedCount() {
        return subscribed.get();
    }

    int clientsOpen() {
        return clientsOpen.get();
    }

    int idleOpened() {
        return idleOpened.get();
    }

    int idleOpen() {
        return idleOpen.get();
    }

    int droppedCount() {
        return dropped.get();
    }

    int protocolErrorCount() {
        return protocolErrors.get();
    }

    int stalledCount() {
        return stalled.get();
    }

    int stalledDroppedCount() {
        return stalledDropped.get();
    }

    String firstError() {
        return firstError.get();
    }

    /** @return the reason of the first attempt that failed, or null */
    String firstFailure() {
        return firstFailure.get();
    }

    Map<String, Integer> failures() {
        synchronized (failures) {
            return Collections.unmodifiableMap(new TreeMap<>(failures));
        }
    }

    Map<Integer, Integer> droppedByCode() {
        synchronized (droppedByCode) {
            return Collections.unmodifiableMap(new TreeMap<>(droppedByCode));
        }
    }

    Map<Integer, Integer> protocolErrorsByCode() {
        synchronized (protocolErrorsByCode) {
            return Collections.unmodifiableMap(new TreeMap<>(protocolErrorsByCode));
        }
    }

    /** @return the stalled clients' times from stall to drop, ascending, in nanoseconds */
    long[] stalledDropNanos() {
        synchronized (stalledDropNanos) {
            return stalledDropNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        }
    }

    int stalledDroppedWithClose1008() {
        synchronized (stalledDropNanos) {
            return stalledDroppedWithClose1008;
        }
    }
}
