package pricefeed.server.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A request body the HTTP codec cannot decode (a bad chunk-size line, bad trailer fields) gets one answer at
 * most, as RFC 9110 §15 asks (one final response per request), and the connection closes after it, since
 * where the next request would begin is lost.
 * <ul>
 *   <li>If the request's answer has begun, or is done, the connection closes at once. Left to Reactor Netty,
 *       a second, unasked-for answer followed: its own 400 after the route's 200, which {@link EveryResponse}
 *       labelled a malformed head.</li>
 *   <li>Otherwise the {@link Router} answers {@code 400 "malformed request body: ..."} instead of the route
 *       ({@link #failure}), which is cancelled, as it may be reading the body.</li>
 * </ul>
 * The failure never reaches Reactor Netty. Just after the codec; event loop only.
 */
final class MalformedBody extends ChannelDuplexHandler {

    private static final String NAME = "pricefeed.malformedBody";
    private static final String MESSAGE = "malformed request body: ";

    /** The last head decoded, the only request whose body may still fail (the codec reads them in turn). */
    private HttpHeaders latest;
    private int requests;
    /** Final answers begun, one per request, in order (RFC 9112 §9.3.2). */
    private int answers;
    /** Why the latest request's body failed before its answer, once it has. */
    private ApiError failed;
    /** Fails when that happens, for a route already running. */
    private Sinks.Empty<Void> watch;
    /** The answer after which the connection closes (counted as {@link #answers}), or 0. */
    private int closeAfter;

    private MalformedBody() {
    }

    /**
     * Call from {@code doOnChannelInit}, after Reactor Netty has added its HTTP codec.
     *
     * @param channel a new web connection
     */
    static void install(Channel channel) {
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new MalformedBody());
    }

    /**
     * For the router, as it dispatches the request, on the connection's event loop (where Reactor Netty calls it).
     *
     * @param request a request being routed
     * @return never completes; fails with the {@link ApiError} to answer if the request's body fails to decode
     *         before its answer has begun
     */
    static Mono<Void> failure(HttpServerRequest request) {
        Channel[] channel = new Channel[1];
        request.withConnection(connection -> channel[0] = connection.channel());
        MalformedBody body = channel[0] == null ? null : channel[0].pipeline().get(MalformedBody.class);
        return body == null ? Mono.never() : body.failure(request.requestHeaders());
    }

    private Mono<Void> failure(HttpHeaders headers) {
        if (headers != latest) {
            return Mono.never(); // a later head has been decoded, so this body was whole
        }
        if (failed != null) {
            return Mono.error(failed);
        }
        if (watch == null) {
            watch = Sinks.empty();
        }
        return watch.asMono();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            latest = request.headers();
            requests++;
            failed = null;
            watch = null;
        } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            ReferenceCountUtil.release(msg);
            if (answers >= requests) {
                ctx.close(); // answered already: a second answer is one the client never asked for
                return;
            }
            closeAfter = requests;
            failed = ApiError.badRequest(null, MESSAGE + RequestHeadCheck.quoted(reason));
            if (watch != null) {
                watch.tryEmitError(failed);
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            answers++;
            if (answers == closeAfter) {
                HttpUtil.setKeepAlive(response, false);
            }
        }
        if (closeAfter > 0 && answers == closeAfter && msg instanceof LastHttpContent) {
            ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.write(msg, promise);
    }
}
