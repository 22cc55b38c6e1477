package pricefeed.server.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import reactor.netty.NettyPipeline;

/**
 * Makes a pipelined request's {@code Connection: close} (or an HTTP/1.0 request without keep-alive) end the
 * connection after that request's own answer, as RFC 9112 §9.6 asks. Reactor Netty applies it on arrival, to
 * the answer then still being written: the request before it was answered with {@code Connection: close},
 * and the one that asked was never answered (seen behind operator calls, which answer from another thread).
 *
 * <p>So while an earlier answer is pending, such a request is passed on as a keep-alive one, and this handler
 * closes the connection itself once that request's answer is written, saying {@code Connection: close} in
 * it. Requests after it are dropped unread, as the RFC asks. Sits just after the HTTP codec; event loop only.
 */
final class PipelinedClose extends ChannelDuplexHandler {

    private static final String NAME = "pricefeed.pipelinedClose";
    private static final long NONE = -1;

    /** Requests passed on, and final answers written whole: their difference is the answers pending. */
    private long requests;
    private long answered;
    /** The request whose answer ends the connection, counted from 0, or {@link #NONE}. */
    private long closeAfter = NONE;
    private boolean finalAnswerStarted;

    /**
     * Call from {@code doOnChannelInit}, after Reactor Netty has added its HTTP codec.
     *
     * @param channel a new web connection
     */
    static void install(Channel channel) {
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new PipelinedClose());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closeAfter != NONE && msg instanceof HttpObject) {
            ReferenceCountUtil.release(msg); // behind a request that closes: not to be served
            return;
        }
        if (msg instanceof HttpRequest request) {
            long index = requests++;
            if (index > answered && !HttpUtil.isKeepAlive(request)) {
                closeAfter = index;
                HttpUtil.setKeepAlive(request, true);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean closing = false;
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            finalAnswerStarted = true;
            if (answered == closeAfter) {
                HttpUtil.setKeepAlive(response, false);
            }
        }
        if (msg instanceof LastHttpContent && finalAnswerStarted) {
            finalAnswerStarted = false;
            closing = answered++ == closeAfter;
        }
        if (closing) {
            ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.write(msg, promise);
        }
    }
}
