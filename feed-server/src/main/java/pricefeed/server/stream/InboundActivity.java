package pricefeed.server.stream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Tells the keep-alive that bytes arrived (any frame, whole or partial, counts as activity). */
final class InboundActivity extends ChannelInboundHandlerAdapter {

    private final KeepAlive keepAlive;

    InboundActivity(KeepAlive keepAlive) {
        this.keepAlive = keepAlive;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        keepAlive.activity();
        ctx.fireChannelRead(msg);
    }
}
