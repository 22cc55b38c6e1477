package pricefeed.core.ws.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.frame.FrameEncoder;

/**
 * The outbound half: turns {@link WsMessage}s into frames, lets already-encoded frames ({@link ByteBuf})
 * through, and refuses both once our close frame was sent. Sits behind (towards the tail of) the
 * {@link WebSocketFrameHandler}, which writes its own control frames from its own position and so is
 * never blocked here.
 */
final class WebSocketFrameWriter extends ChannelOutboundHandlerAdapter {

    /** Below this a server frame is one copied buffer; above it the payload is not copied but wrapped. */
    private static final int COPY_THRESHOLD = 1024;

    private final WebSocketFrameHandler owner;
    private final Role role;
    private final FrameEncoder encoder;

    WebSocketFrameWriter(WebSocketFrameHandler owner, Role role, FrameEncoder encoder) {
        this.owner = owner;
        this.role = role;
        this.encoder = encoder;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!owner.canSendData()) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(OutputClosedException.INSTANCE);
            return;
        }
        if (msg instanceof WsMessage message) {
            ctx.write(encode(ctx.alloc(), message), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    private ByteBuf encode(ByteBufAllocator alloc, WsMessage message) {
        int opcode = message.isText() ? WebSocketProtocol.OPCODE_TEXT : WebSocketProtocol.OPCODE_BINARY;
        ByteBuf payload = message.content();
        try {
            if (role.masksOutput() || payload.readableBytes() < COPY_THRESHOLD) {
                return encoder.encode(alloc, opcode, true, payload);
            }
            // Unmasked frames can carry the payload as it is: header and payload in one composite.
            ByteBuf header = alloc.buffer(WebSocketProtocol.MAX_HEADER_LENGTH);
            FrameEncoder.writeHeader(header, opcode, true, payload.readableBytes());
            return alloc.compositeBuffer(2).addComponents(true, header, payload.retain());
        } finally {
            message.release();
        }
    }
}
