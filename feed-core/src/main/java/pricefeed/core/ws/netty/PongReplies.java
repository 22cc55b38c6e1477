package pricefeed.core.ws.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.frame.FrameEncoder;
import pricefeed.core.ws.session.CloseHandshake;

/**
 * Answers a connection's pings with at most one pong on its way at a time. A peer that sends pings and
 * never reads would otherwise have us queue a pong per ping in the channel's outbound buffer, without
 * bound. RFC 6455 §5.5.3 lets an endpoint answer only the most recent of the pings that arrived before
 * its pong went out, so while a pong waits for the socket, later pings cost one payload of at most 125
 * bytes, answered once that pong is written. A pong the socket takes at once is written before the next
 * ping is looked at, so a peer that reads a quiet connection gets every pong; on a busy connection, where
 * a pong can wait behind ticks already handed to the channel, pings that arrive meanwhile share one.
 *
 * <p>Made on a connection's first ping; event loop only.
 */
final class PongReplies implements ChannelFutureListener {

    private static final int NONE = -1;

    private final ChannelHandlerContext ctx;
    private final FrameEncoder encoder;
    private final CloseHandshake handshake;
    private boolean onItsWay;
    /** The newest payload that arrived while a pong was on its way; made on the first such ping. */
    private byte[] latest;
    private int latestLength = NONE;

    /**
     * @param ctx       where pongs are written from (ahead of what the application has not yet written)
     * @param encoder   the connection's frame encoder
     * @param handshake no pong once a close frame crossed either way
     */
    PongReplies(ChannelHandlerContext ctx, FrameEncoder encoder, CloseHandshake handshake) {
        this.ctx = ctx;
        this.encoder = encoder;
        this.handshake = handshake;
    }

    /**
     * Answers a ping now, or remembers its payload to answer once the pong before it is written.
     *
     * @param payload the ping's payload; not released, not kept
     */
    void answer(ByteBuf payload) {
        if (!handshake.canSendData()) {
            return;
        }
        if (!onItsWay) {
            send(payload);
            return;
        }
        if (latest == null) {
            latest = new byte[WebSocketProtocol.PAYLOAD_BYTE_MAX];
        }
        latestLength = payload.readableBytes();
        payload.getBytes(payload.readerIndex(), latest, 0, latestLength);
    }

    private void send(ByteBuf payload) {
        ByteBuf pong = encoder.pong(ctx.alloc(), payload);
        onItsWay = true;
        ctx.writeAndFlush(pong).addListener(this);
    }

    /** The pong on its way was written (or failed with the channel): answer the newest ping since, if any. */
    @Override
    public void operationComplete(ChannelFuture written) {
        onItsWay = false;
        int length = latestLength;
        latestLength = NONE;
        if (length != NONE && written.isSuccess() && handshake.canSendData()) {
            ByteBuf payload = Unpooled.wrappedBuffer(latest, 0, length);
            try {
                send(payload);
            } finally {
                payload.release();
            }
        }
    }
}
