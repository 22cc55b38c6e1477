package pricefeed.server.stream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;

/** Where our handlers go in the pipeline of a Reactor Netty connection. */
public final class Pipelines {

    private Pipelines() {
    }

    /**
     * Adds a handler for the rest of the channel's life, last among the application's handlers: in front of
     * Reactor Netty's bridge when there is one, so that what it passes on reaches the connection's inbound
     * and events it must see are not swallowed by the bridge.
     *
     * <p>Unlike {@code Connection.addHandlerLast}, this registers nothing to take the handler out again when
     * the connection terminates. That registration is a subscription race per handler (about 250 bytes per
     * handler and connection), and the handlers here go away with the channel anyway.
     */
    public static void addLast(Channel channel, String name, ChannelHandler handler) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(NettyPipeline.ReactiveBridge) != null) {
            pipeline.addBefore(NettyPipeline.ReactiveBridge, name, handler);
        } else {
            pipeline.addLast(name, handler);
        }
    }
}
