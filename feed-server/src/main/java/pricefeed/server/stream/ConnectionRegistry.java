package pricefeed.server.stream;

import pricefeed.core.ws.handshake.HandshakeOutcome;
import pricefeed.core.ws.handshake.HandshakeOutcome.Accepted;
import pricefeed.core.ws.handshake.HandshakeOutcome.Rejection;
import reactor.core.publisher.Mono;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The open WebSocket connections of one listener: admission under the connection limit (503 above it, and
 * during shutdown), and the set that shutdown closes and waits for. Thread-safe: one lock, taken once per
 * handshake and once per close.
 *
 * <p>A handshake admitted just before shutdown began can still be completing on its event loop. Adding a
 * connection and beginning shutdown are therefore mutually exclusive: a connection added first is in the
 * list that shutdown closes; one added after is told so by {@link #add} and closed by its caller. Either
 * way it counts until it is removed, so {@link #drained()} waits for it.
 */
final class ConnectionRegistry {

    private final int maxConnections;
    private final AtomicInteger reserved = new AtomicInteger();
    private final Set<WebSocketConnection> open = new HashSet<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private boolean shuttingDown;

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
        synchronized (this) {
            if (shuttingDown) {
                return Rejection.of(Rejection.SERVICE_UNAVAILABLE, "server shutting down");
            }
            if (reserved.get() >= maxConnections) {
                return Rejection.overCapacity();
            }
            reserved.incrementAndGet();
            return outcome;
        }
    }

    /**
     * Registers an upgraded connection (its slot was reserved by {@link #admit}).
     *
     * @return false when shutdown has already begun: the caller must close the connection itself
     */
    synchronized boolean add(WebSocketConnection connection) {
        open.add(connection);
        return !shuttingDown;
    }

    /** Gives the connection's slot back once it has closed. */
    void remove(WebSocketConnection connection) {
        boolean last;
        synchronized (this) {
            last = open.remove(connection) && reserved.decrementAndGet() == 0 && shuttingDown;
        }
        if (last) {
            drained.complete(null); // outside the lock: shutdown's continuation runs here
        }
    }

    /** @return the connections open now; from now on every handshake gets 503 */
    List<WebSocketConnection> beginShutdown() {
        List<WebSocketConnection> now;
        synchronized (this) {
            shuttingDown = true;
            now = List.copyOf(open);
        }
        if (reserved.get() == 0) {
            drained.complete(null);
        }
        return now;
    }

    /**
     * @return completes once shutdown has begun and every admitted connection, including one whose upgrade
     *         was still completing, has been removed
     */
    Mono<Void> drained() {
        return Mono.fromFuture(drained, true);
    }

    /** @return the number of open WebSocket connections */
    int size() {
        return reserved.get();
    }
}
