package pricefeed.core.ws.netty;

import io.netty.buffer.ByteBuf;

/**
 * Takes a connection's whole data messages straight from its {@link WebSocketFrameHandler}, in place of the
 * pipeline: for a reader that handles every message at once, on the event loop, and keeps none of them, such
 * as the load-test client. Nothing is made per message; a {@link pricefeed.core.ws.WsMessage} sent down the
 * pipeline is one object per message, which at millions of messages a second is a young collection every
 * few seconds.
 */
@FunctionalInterface
public interface MessageReceiver {

    /**
     * One whole message, on the event loop, in the order the peer sent it.
     *
     * @param payload the message bytes (valid UTF-8 when {@code text}); released when this call returns, so
     *                retain it to keep it
     * @param text    whether it is a text message (else binary)
     */
    void onMessage(ByteBuf payload, boolean text);
}
