package pricefeed.core.ws.session;

/**
 * The RFC 6455 §7 close handshake of one connection, as a state machine with no I/O and no timers.
 *
 * <pre>
 *            closeSent()                    closeReceived()
 *   OPEN ──────────────────▶ CLOSE_SENT ──────────────────────▶ CLOSED
 *     │                                                           ▲
 *     │ closeReceived()                 closeSent()  (our answer) │
 *     └──────────────────▶ CLOSE_RECEIVED ────────────────────────┘
 *   terminate(): any state ──▶ CLOSED (the TCP connection is gone)
 * </pre>
 *
 * <p>Once we have sent a close our output is shut: no more data frames. The owner must then start a
 * timer ({@code WebSocketLimits.closeTimeout()}) that closes the TCP connection if the peer never
 * answers. Once the peer's close is seen we answer it ({@link #mustAnswerClose()}) instead of sending
 * more data, and a server closes TCP as soon as both closes have crossed.
 *
 * <p>Calling {@link #closeSent()} or {@link #closeReceived()} twice is our own bug:
 * {@link IllegalStateException}. Not thread-safe: confine it to the connection's event loop.
 */
public final class CloseHandshake {

    /** Where the handshake stands. */
    public enum State {
        /** No close frame either way: data flows both ways. */
        OPEN,
        /** We sent a close (our output is shut) and wait for the peer's. */
        CLOSE_SENT,
        /** The peer's close arrived; we must answer it. */
        CLOSE_RECEIVED,
        /** Both closes crossed, or the connection is gone. */
        CLOSED
    }

    private State state = State.OPEN;

    /** @return the current state */
    public State state() {
        return state;
    }

    /**
     * Records that we sent a close frame (first, or as the answer to the peer's).
     *
     * @return true if the connection is now fully closed (the peer's close was already seen)
     * @throws IllegalStateException if a close was already sent or the connection is closed
     */
    public boolean closeSent() {
        state = switch (state) {
            case OPEN -> State.CLOSE_SENT;
            case CLOSE_RECEIVED -> State.CLOSED;
            case CLOSE_SENT, CLOSED -> throw new IllegalStateException("close already sent (state " + state + ")");
        };
        return state == State.CLOSED;
    }

    /**
     * Records that the peer's close frame arrived.
     *
     * @return true if the connection is now fully closed (our close was already sent)
     * @throws IllegalStateException if a close was already received or the connection is closed
     */
    public boolean closeReceived() {
        state = switch (state) {
            case OPEN -> State.CLOSE_RECEIVED;
            case CLOSE_SENT -> State.CLOSED;
            case CLOSE_RECEIVED, CLOSED -> throw new IllegalStateException(
                    "close already received (state " + state + ")");
        };
        return state == State.CLOSED;
    }

    /** Records that the TCP connection ended, with or without a handshake. Idempotent. */
    public void terminate() {
        state = State.CLOSED;
    }

    /** @return whether data frames may still be sent: only while no close was sent or received */
    public boolean canSendData() {
        return state == State.OPEN;
    }

    /** @return whether the peer's close is waiting for our answer */
    public boolean mustAnswerClose() {
        return state == State.CLOSE_RECEIVED;
    }

    /** @return whether a close frame may still be sent: we have not sent one and the connection is not gone */
    public boolean maySendClose() {
        return state == State.OPEN || state == State.CLOSE_RECEIVED;
    }

    /** @return whether the handshake is over */
    public boolean isClosed() {
        return state == State.CLOSED;
    }

    @Override
    public String toString() {
        return "CloseHandshake[" + state + "]";
    }
}
