package pricefeed.server.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import org.reactivestreams.Publisher;
import pricefeed.core.ws.WsMessage;

/**
 * {@code /echo}: every data message goes back unchanged, text as text and binary as binary.
 *
 * <p>Each message is written back as it is decoded, and the writes of one read are flushed together when
 * the read ends. Flow control is the socket's: reading stops while the channel is unwritable and starts
 * again when it drains, so a client that does not read stops being read, and at most one read's messages
 * are written past the high-water mark. Taking messages as they come (rather than on demand, a batch at a
 * time) is what lets the frame handler act on a close or a violation found in the same read only after
 * every message before it was answered: messages still waiting for demand then would be refused behind
 * our close frame.
 */
final class EchoEndpoint implements WebSocketHandler {

    private static final String FLOW_HANDLER = "pricefeed.echoFlow";

    @Override
    public Publisher<Void> handle(WebSocketConnection connection) {
        Channel channel = connection.channel();
        Pipelines.addLast(channel, FLOW_HANDLER, new ReadWhileWritable());
        // Nothing waits on an echo: a write refused after our close frame is expected, not an error event.
        ChannelPromise quiet = new VoidChannelPromise(channel, false);
        // receive() releases each message after onNext; the retained reference goes to the write.
        return connection.receive()
                .doOnNext(message -> channel.write(message.retain(), quiet))
                .then();
    }

    /** Reads only while the socket takes our writes; flushes a read's echoes once. */
    private static final class ReadWhileWritable extends ChannelInboundHandlerAdapter {

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            // Turning it back on also asks for the next read.
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }
    }
}
