package pricefeed.core.ws.handshake;

import java.util.Objects;

/** The server's answer to our upgrade request (client role) does not open a WebSocket. */
public final class HandshakeFailure extends RuntimeException {

    /** Which check of RFC 6455 §4.1 the response failed. */
    public enum Kind {
        /** The status is not 101. */
        UNEXPECTED_STATUS,
        /** No {@code Upgrade: websocket}. */
        MISSING_UPGRADE,
        /** No {@code upgrade} token in {@code Connection}. */
        MISSING_CONNECTION_UPGRADE,
        /** {@code Sec-WebSocket-Accept} absent or not the value for our key. */
        ACCEPT_MISMATCH,
        /** A subprotocol we did not offer, or more than one. */
        UNOFFERED_SUBPROTOCOL,
        /** An extension we did not ask for. */
        UNREQUESTED_EXTENSION,
        /** The response head itself was malformed. */
        MALFORMED_RESPONSE,
        /** No complete response head within the handshake timeout. */
        TIMEOUT,
        /** The connection closed before the response head was complete. */
        CONNECTION_CLOSED
    }

    private final Kind kind;
    private final int status;

    /**
     * @param kind   which check failed
     * @param status the response status (0 when there was no parsable status line)
     * @param reason one line describing the failure
     */
    public HandshakeFailure(Kind kind, int status, String reason) {
        super(reason, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.status = status;
    }

    /** @return which check failed */
    public Kind kind() {
        return kind;
    }

    /** @return the response status, 0 when there was none */
    public int status() {
        return status;
    }
}
