package pricefeed.server.stream;

import org.reactivestreams.Publisher;

/**
 * Serves one WebSocket route. The returned publisher is the application's side of the connection's life:
 * <ul>
 *   <li>when it completes while the WebSocket is open, the server closes it with 1000;</li>
 *   <li>when it errors, the server closes with 1011 "internal error";</li>
 *   <li>when the WebSocket closes first (peer close, protocol violation, idle timeout, shutdown, EOF),
 *       {@link WebSocketConnection#receive()} completes, and the publisher is cancelled once the TCP
 *       connection is closed if it has not terminated by then.</li>
 * </ul>
 * A handler should consume {@link WebSocketConnection#receive()}: while nobody requests inbound messages
 * the connection stops reading (which also stops pongs and close frames from being seen).
 */
@FunctionalInterface
public interface WebSocketHandler {

    /**
     * @param connection the open WebSocket
     * @return completes when the application is done with the connection
     */
    Publisher<Void> handle(WebSocketConnection connection);
}
