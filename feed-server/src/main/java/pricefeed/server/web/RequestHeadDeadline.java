package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A web request's head must be complete within a deadline from its first byte, as a handshake must on the
 * stream listener, and so must its body: past it the client gets {@code 408} and the connection closes, or,
 * if the request's answer has begun, the connection just closes.
 *
 * <p>Why: Reactor Netty's idle timeout restarts with every byte read, so a client dribbling a head one byte
 * a minute would hold its connection for good (slowloris). So would one dribbling a body: after the route's
 * answer Reactor Netty reads and drops the rest of the body, a byte at a time if that is how it comes. A
 * keep-alive connection between requests is bounded by the idle timeout.
 *
 * <p>Two handlers around Reactor Netty's HTTP codec share the state: the one before it sees the raw bytes
 * that start a head, the one after it sees the head and the end of the body decoded, and the answers go out.
 * Both run on the channel's event loop.
 */
final class RequestHeadDeadline {

    /** Where the connection is in its request cycle. */
    private enum State {
        /** Between requests: the next byte starts a head. */
        BETWEEN_REQUESTS,
        /** A head has begun and is not decoded yet: the deadline runs. */
        IN_HEAD,
        /** The head is decoded and its body has not ended: the deadline still runs. */
        IN_BODY
    }

    private final Duration deadline;
    private State state = State.BETWEEN_REQUESTS;
    /** Heads decoded. */
    private int requests;
    /** Final answers begun, one per request, in order (RFC 9112 §9.3.2). */
    private int answers;
    /** A response has begun and not ended: a 408 written now would land inside it. */
    private boolean responding;
    private ScheduledFuture<?> timer;
    /** What is left of a fixed-length body, where the request in progress ends. */
    private long bodyLeft;

    private RequestHeadDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    /**
     * Installs the deadline on a new web connection; call from {@code doOnChannelInit}, after Reactor Netty
     * has added its HTTP codec.
     *
     * @param channel  the connection
     * @param deadline how long a request head, and then its body, may take from the head's first byte
     */
    static void install(Channel channel, Duration deadline) {
        RequestHeadDeadline watch = new RequestHeadDeadline(deadline);
        channel.pipeline().addBefore(NettyPipeline.HttpCodec, "pricefeed.headDeadline.bytes", watch.new Bytes());
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, "pricefeed.headDeadline.heads", watch.new Heads());
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /**
     * Before the codec: the first byte of a head starts the deadline.
     *
     * <p>The codec is handed each read in pieces that end where a request may end: at the end of a line (a
     * head, and a chunked body, end with an empty line), or at the end of a fixed-length body. So when a read
     * holds the end of one request and the start of the next head, the piece with that start comes after the
     * end has been decoded, and starts the deadline. Handed the read whole, the codec kept the start of the
     * next head to itself, and it could then wait for the idle timeout (60 s) instead.
     */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf bytes)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                while (bytes.isReadable()) {
                    ByteBuf piece = bytes.readRetainedSlice(pieceLength(bytes));
                    // Empty lines before a request line are to be ignored (RFC 9112 §2.2): they start no head.
                    if (state == State.BETWEEN_REQUESTS && piece.forEachByte(b -> b == '\r' || b == '\n') >= 0) {
                        state = State.IN_HEAD;
                        timer = ctx.executor().schedule(() -> expire(ctx), deadline.toNanos(), TimeUnit.NANOSECONDS);
                        RequestHeadCheck.headBegins(ctx.channel(), piece);
                    }
                    ctx.fireChannelRead(piece);
                }
            } finally {
                bytes.release();
            }
        }

        /** @return how much of {@code bytes} to hand on next: up to where the request in progress may end */
        private int pieceLength(ByteBuf bytes) {
            if (state == State.IN_BODY && bodyLeft > 0) {
                return (int) Math.min(bodyLeft, bytes.readableBytes());
            }
            int lf = bytes.indexOf(bytes.readerIndex(), bytes.writerIndex(), (byte) '\n');
            return lf < 0 ? bytes.readableBytes() : lf + 1 - bytes.readerIndex();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            cancel();
            ctx.fireChannelInactive();
        }

        private void expire(ChannelHandlerContext ctx) {
            timer = null;
            if (state == State.BETWEEN_REQUESTS || !ctx.channel().isActive()) {
                return;
            }
            // Requests waiting for an answer to begin, the late one included.
            int waiting = requests - answers + (state == State.IN_HEAD ? 1 : 0);
            if (responding || waiting != 1) {
                // A 408 now would land inside the response in progress, come before an earlier request's
                // answer, or be a second answer to a request answered already.
                ctx.close();
                return;
            }
            // Written from here, below the codec: the response encoder has no request to answer. What is
            // read from now on is discarded, so a request completing now is never acted on after its 408.
            byte[] answer = RawAnswer.error(state == State.IN_HEAD
                    ? ApiError.headTimeout(deadline) : ApiError.bodyTimeout(deadline));
            RawAnswer.sendAndClose(ctx, RequestHeadCheck.beganWithHead(ctx.channel()) ? RawAnswer.forHead(answer)
                    : answer);
        }
    }

    /**
     * After the codec: the end of a body stops the deadline and readies the next one. It also sees answers go
     * out, so a late 408 is never a second answer, nor lands inside one or ahead of one.
     */
    private final class Heads extends ChannelDuplexHandler {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof HttpResponse response) {
                responding = true;
                if (response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
                    answers++;
                }
            }
            if (msg instanceof LastHttpContent) {
                responding = false;
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                requests++;
                state = State.IN_BODY;
                bodyLeft = fixedLength(request);
                if (request.headers().contains(RequestHeadCheck.REFUSED)) {
                    cancel(); // its answer closes the connection, and a head the codec could not read has no end
                }
            }
            if (msg instanceof HttpContent content) {
                bodyLeft -= content.content().readableBytes();
            }
            if (msg instanceof LastHttpContent) {
                cancel();
                state = State.BETWEEN_REQUESTS;
            }
            ctx.fireChannelRead(msg);
        }

        /** @return the length of the request's body if {@code Content-Length} gives it, else 0 */
        private static long fixedLength(HttpRequest request) {
            if (HttpUtil.isTransferEncodingChunked(request)) {
                return 0;
            }
            try {
                return HttpUtil.getContentLength(request, 0L);
            } catch (NumberFormatException e) {
                return 0; // the codec refused the head, and reads nothing more
            }
        }
    }
}
