package pricefeed.simulator.load;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import pricefeed.core.market.Micros;

/**
 * In front of the WebSocket decoder: reads the wall clock once per socket read, so every message decoded
 * from those bytes is timed from when they left the kernel, and a read carrying hundreds of ticks costs
 * one clock reading instead of hundreds.
 */
final class ReadStamp extends ChannelInboundHandlerAdapter {

    private final LoadConnection connection;

    /** @param connection where the stamp goes */
    ReadStamp(LoadConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.stamp(Micros.now());
        ctx.fireChannelRead(msg);
    }
}
