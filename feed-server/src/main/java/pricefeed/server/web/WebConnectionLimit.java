package pricefeed.server.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import pricefeed.server.metrics.FeedMetrics;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Caps the web listener's open connections ({@code --max-web-connections}), SSE streams included. A
 * connection over the cap is answered {@code 503} at once and closed; it never reaches Reactor Netty's HTTP
 * handling or the router.
 *
 * <p>Why answer before reading the request: a refused connection must cost nothing but its socket, for at
 * most a second, however slowly or never the client sends. Why not close at once: a request the client has
 * already sent would then sit unread, and closing over unread bytes sends a reset that can destroy the
 * {@code 503} before the client reads it. So output is shut after the answer, and whatever arrives is
 * discarded until the client closes or the second is up.
 */
final class WebConnectionLimit {

    /** Gauge {@code feed_web_connections_active}: web connections admitted and still open. */
    static final String CONNECTIONS_ACTIVE = "feed.web.connections.active";
    /** Counter {@code feed_web_connections_refused_total}: connections answered 503 for the cap. */
    static final String CONNECTIONS_REFUSED = "feed.web.connections.refused";

    /** How long a refused connection may stay open after its 503 is sent. */
    private static final long LINGER_MILLIS = 1_000;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder refused = new LongAdder();
    private final byte[] refusal;

    /**
     * @param max     web connections allowed open at once
     * @param metrics where the two meters above are registered
     */
    WebConnectionLimit(int max, FeedMetrics metrics) {
        this.max = max;
        this.refusal = refusal(max);
        Gauge.builder(CONNECTIONS_ACTIVE, open, AtomicInteger::get).strongReference(true)
                .description("Open web listener connections").register(metrics.registry());
        FunctionCounter.builder(CONNECTIONS_REFUSED, refused, LongAdder::sum)
                .description("Web connections answered 503 for the connection limit").register(metrics.registry());
    }

    /**
     * Counts a new connection in, or refuses it; call from {@code doOnChannelInit}.
     *
     * @param channel a connection just accepted
     * @return true if it may go on to HTTP; false if it is being answered 503 and closed
     */
    boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.increment();
            channel.pipeline().addFirst("pricefeed.webConnectionLimit", new Refusal());
            return false;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }

    private static byte[] refusal(int max) {
        byte[] body = JsonResponses.object(g -> {
            g.writeStringField("error", ApiError.Code.UNAVAILABLE.wire());
            g.writeStringField("message", "too many web connections (limit " + max + "); try again later");
        });
        String head = "HTTP/1.1 503 Service Unavailable\r\n"
                + "content-type: " + WebConstants.JSON + "\r\n"
                + "cache-control: " + WebConstants.CACHE_NONE + "\r\n"
                + WebConstants.NOSNIFF_HEADER.toLowerCase(Locale.ROOT) + ": " + WebConstants.NOSNIFF + "\r\n"
                + "retry-after: 1\r\n"
                + "connection: close\r\n"
                + "content-length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** First in a refused connection's pipeline: answers, shuts output, and swallows everything read. */
    private final class Refusal extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ByteBuf answer = Unpooled.wrappedBuffer(refusal);
            ctx.writeAndFlush(answer).addListener((ChannelFuture written) -> {
                if (written.isSuccess() && written.channel() instanceof DuplexChannel duplex) {
                    duplex.shutdownOutput();
                } else {
                    written.channel().close();
                }
            });
            ctx.executor().schedule((Runnable) ctx::close, LINGER_MILLIS, TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // the request is not for us to serve
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // Nothing was passed on, so there is nothing for the handlers behind to complete.
        }
    }
}
