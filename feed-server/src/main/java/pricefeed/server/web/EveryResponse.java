package pricefeed.server.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import reactor.netty.NettyPipeline;

import java.util.function.LongSupplier;

/**
 * What WEB-API.md's common rules promise of every response, applied where every response passes, just
 * after Reactor Netty's HTTP codec: the {@code X-Content-Type-Options} header, the {@code Date} header
 * (RFC 9110 §6.6.1 asks it of a server with a clock; Reactor Netty sends none), and the JSON error shape
 * for any answer Reactor Netty writes on its own to a request head it cannot decode (400, 414, 431), which
 * comes with an empty body.
 *
 * <p>Why here and not in the routes: those answers never reach a route (Reactor Netty has no hook for
 * them), and one place for the headers cannot miss a response. {@link RequestHeadCheck} hands undecodable
 * heads to the router now, so the JSON shape here is the fallback should one still get past it. Answers
 * written below the codec ({@link RawAnswer}) carry both already, dated by {@link #dateOn}.
 */
@ChannelHandler.Sharable
final class EveryResponse extends ChannelOutboundHandlerAdapter {

    private static final String NAME = "pricefeed.everyResponse";

    private final LongSupplier clock;

    /** @param clock the server's clock, ms since 1970 UTC (the listener's timers; virtual time in tests) */
    EveryResponse(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Call from {@code doOnChannelInit}, after Reactor Netty has added its HTTP codec.
     *
     * @param channel a new web connection
     */
    void install(Channel channel) {
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, this);
    }

    /**
     * @param channel a web connection
     * @return the {@code Date} for an answer sent on it now, by the clock of its {@code EveryResponse} (the
     *         system clock on a channel without one)
     */
    static String dateOn(Channel channel) {
        EveryResponse every = channel.pipeline().get(EveryResponse.class);
        return HttpDate.of(every != null ? every.clock.getAsLong() : System.currentTimeMillis());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        Object out = msg;
        if (msg instanceof HttpResponse response) {
            response.headers().set(WebConstants.NOSNIFF_HEADER, WebConstants.NOSNIFF);
            if (!response.headers().contains(HttpHeaderNames.DATE)) {
                response.headers().set(HttpHeaderNames.DATE, HttpDate.of(clock.getAsLong()));
            }
            if (response instanceof FullHttpResponse full) {
                ApiError refusal = codecRefusal(full);
                if (refusal != null) {
                    out = withBody(full, refusal);
                }
            }
        }
        ctx.write(out, promise);
    }

    /** @return the refusal this response is, if it is one the codec wrote on its own (ours always have a body) */
    private static ApiError codecRefusal(FullHttpResponse response) {
        if (response.content().isReadable() || response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
            return null;
        }
        return switch (response.status().code()) {
            case 400 -> ApiError.badRequest(null, "malformed request head");
            case 414 -> ApiError.of(ApiError.Code.URI_TOO_LONG, null,
                    "request line longer than " + WebConstants.MAX_REQUEST_LINE_BYTES + " bytes");
            case 431 -> ApiError.of(ApiError.Code.HEADERS_TOO_LARGE, null,
                    "header fields larger than " + WebConstants.MAX_HEADER_BYTES + " bytes");
            default -> null;
        };
    }

    private static FullHttpResponse withBody(FullHttpResponse empty, ApiError refusal) {
        byte[] body = JsonResponses.errorBody(refusal);
        FullHttpResponse answer = empty.replace(Unpooled.wrappedBuffer(body));
        empty.release();
        answer.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, WebConstants.JSON)
                .set(HttpHeaderNames.CACHE_CONTROL, WebConstants.CACHE_NONE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return answer;
    }
}
