package pricefeed.server.stream;

import pricefeed.core.ws.CloseStatus;

/**
 * Hooks for metrics and logs on the stream listener. Called on event-loop threads: implementations must
 * be quick and thread-safe. Every method has a no-op default.
 */
public interface StreamEvents {

    /** Events ignored. */
    StreamEvents NONE = new StreamEvents() {
    };

    /**
     * A handshake failed: an HTTP error was answered, or no complete request head came within the handshake
     * timeout (reported as 408, though nothing is sent before the connection is closed). A connection the
     * client closes or resets before its head is complete, within the timeout, is not reported.
     *
     * @param status the HTTP status answered, or 408 for the timeout
     */
    default void onHandshakeFailure(int status) {
    }

    /**
     * A WebSocket connection opened (101 sent).
     *
     * @param request what the client asked for
     */
    default void onOpen(HandshakeRequest request) {
    }

    /**
     * A WebSocket connection's TCP connection closed.
     *
     * @param request what the client asked for
     * @param status  how it ended
     */
    default void onClose(HandshakeRequest request, CloseStatus status) {
    }
}
