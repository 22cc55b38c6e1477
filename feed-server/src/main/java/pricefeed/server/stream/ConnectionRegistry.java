package pricefeed.server.stream;

import pricefeed.core.ws.handshake.HandshakeOutcome;
import pricefeed.core.ws.handshake.HandshakeOutcome.Accepted;
import pricefeed.core.ws.handshake.HandshakeOutcome.Rejection;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open WebSocket connections of one listener: admission under the connection limit (503 above it, and
 * during shutdown), and the set that shutdown closes. Thread-safe.
 */
final class ConnectionRegistry {

    private final int maxConnections;
    private final AtomicInteger reserved = new AtomicInteger();
    private final Set<WebSocketConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    ConnectionRegistry(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    /**
     * Reserves a slot for an accepted handshake; the slot is given back by {@link #remove}.
     *
     * @return the same {@code Accepted}, or a 503 rejection when full or shutting down
     */
    HandshakeOutcome admit(HandshakeOutcome outcome) {
        if (!(outcome instanceof Accepted)) {
            return outcome;
        }
        if (shuttingDown) {
            return Rejection.of(Rejection.SERVICE_UNAVAILABLE, "server shutting down");
        }
        while (true) {
            int n = reserved.get();
            if (n >= maxConnections) {
                return Rejection.overCapacity();
            }
            if (reserved.compareAndSet(n, n + 1)) {
                return outcome;
            }
        }
    }

    void add(WebSocketConnection connection) {
        open.add(connection);
    }

    void remove(WebSocketConnection connection) {
        if (open.remove(connection)) {
            reserved.decrementAndGet();
        }
    }

    /** @return the connections open now; from now on every handshake gets 503 */
    List<WebSocketConnection> beginShutdown() {
        shuttingDown = true;
        return List.copyOf(open);
    }

    /** @return the number of open WebSocket connections */
    int size() {
        return reserved.get();
    }
}
