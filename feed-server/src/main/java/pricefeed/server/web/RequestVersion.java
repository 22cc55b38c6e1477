package pricefeed.server.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import reactor.netty.NettyPipeline;

/**
 * Reads a request's HTTP version as RFC 9112 §2.3 asks, just after Reactor Netty's HTTP codec: a later HTTP/1
 * minor version (HTTP/1.2) is served as HTTP/1.1, and a major version other than 1 (HTTP/0.9, HTTP/9.9) is
 * refused with 400 like any head the codec cannot decode. The stream listener reads versions the same way.
 *
 * <p>Why: the codec accepts any {@code HTTP/d.d} and Reactor Netty answers in the version it was asked in,
 * so {@code GET / HTTP/9.9} got {@code HTTP/9.9 200 OK}. Marking the head as undecodable, rather than
 * answering here, leaves the answer to Reactor Netty, which keeps pipelined responses in order.
 */
@ChannelHandler.Sharable
final class RequestVersion extends ChannelInboundHandlerAdapter {

    private static final RequestVersion INSTANCE = new RequestVersion();
    private static final String NAME = "pricefeed.requestVersion";
    /** Why the codec's coming 400 is given, for {@link EveryResponse} to say so instead of "malformed". */
    private static final AttributeKey<ApiError> REFUSAL = AttributeKey.valueOf("pricefeed.requestVersion.refusal");

    private RequestVersion() {
    }

    /**
     * Call from {@code doOnChannelInit}, after Reactor Netty has added its HTTP codec.
     *
     * @param channel a new web connection
     */
    static void install(Channel channel) {
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
    }

    /**
     * @param channel a web connection
     * @return the refusal of its request's version, once (the connection closes after it), or null
     */
    static ApiError takeRefusal(Channel channel) {
        return channel.attr(REFUSAL).getAndSet(null);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            HttpVersion version = request.protocolVersion();
            if (version.majorVersion() != 1 || !"HTTP".equals(version.protocolName())) {
                String reason = "unsupported HTTP version " + version.text() + ", only HTTP/1.1";
                ctx.channel().attr(REFUSAL).set(ApiError.badRequest(null, reason));
                request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(reason)));
            } else if (version.minorVersion() > 1) {
                request.setProtocolVersion(HttpVersion.HTTP_1_1);
            }
        }
        ctx.fireChannelRead(msg);
    }
}
