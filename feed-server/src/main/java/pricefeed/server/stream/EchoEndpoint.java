package pricefeed.server.stream;

import org.reactivestreams.Publisher;
import pricefeed.core.ws.WsMessage;

/**
 * {@code /echo}: every data message goes back unchanged, text as text and binary as binary. Reading follows
 * writing: a message is requested only when the channel can take more, so a client that does not read
 * stops being read.
 */
final class EchoEndpoint implements WebSocketHandler {

    @Override
    public Publisher<Void> handle(WebSocketConnection connection) {
        // receive() releases each message after onNext; the retained reference belongs to send().
        return connection.send(connection.receive().map(WsMessage::retain));
    }
}
