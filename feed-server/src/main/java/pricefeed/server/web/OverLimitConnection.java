package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import reactor.netty.NettyPipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * First in the pipeline of a connection over {@code --max-web-connections}. Within the probe reserve, a
 * request for {@code /healthz} or {@code /metrics} (GET or HEAD) is still served, and the connection closes
 * after that one response, so health checks and scrapers keep working while the listener is full. Anything
 * else is answered {@code 503} without reaching Reactor Netty's HTTP handling.
 *
 * <p>Why decide on the first bytes rather than at once: a response on a fresh connection before the client
 * has written its request is unsolicited, and some clients (Go's {@code net/http}) discard it. Why not wait
 * long: a connection over the limit must cost next to nothing, so one that sends nothing for
 * {@link WebConstants#OVER_LIMIT_FIRST_BYTES_WAIT} is answered anyway. Once bytes have come, a request line
 * split by the network may take longer to show its path, up to the probe's head deadline from its first
 * byte: nothing behind this handler sees the bytes it holds, so that bound has to be kept here.
 */
final class OverLimitConnection extends ChannelInboundHandlerAdapter {

    /** What the connection has shown so far. */
    private enum State {
        /** Not enough of the request line yet. */
        DECIDING,
        /** A health or metrics request: handed on to HTTP, this handler is gone. */
        PROBE,
        /** Answered 503; closing. */
        REFUSED
    }

    /** What may follow a path in a request line: the space before the version, or a query. */
    private static final List<byte[]> PROBES = Stream.of("GET ", "HEAD ")
            .flatMap(method -> Stream.of(WebConstants.HEALTH_PATH, WebConstants.METRICS_PATH)
                    .flatMap(path -> Stream.of(" ", "?").map(end -> method + path + end)))
            .map(line -> line.getBytes(StandardCharsets.US_ASCII))
            .toList();

    /** Empty lines may come before a request line (RFC 9112 §2.2); more than this many bytes decide anyway. */
    private static final int MAX_DECIDING_BYTES = 64;

    private static final byte[] HEAD_METHOD = "HEAD ".getBytes(StandardCharsets.US_ASCII);

    private final boolean mayProbe;
    private final Duration headDeadline;
    private final byte[] refusal;
    private final byte[] refusalForHead;
    private final Runnable onRefused;
    private State state = State.DECIDING;
    /** The bytes read while deciding; handed on whole if the request is a probe. */
    private ByteBuf held;
    private ScheduledFuture<?> wait;

    /**
     * @param mayProbe     whether the connection is within the probe reserve
     * @param headDeadline how long a probe's head may take from its first byte; a request line that has not
     *                     shown its path by then is refused
     * @param refusal      the whole 503 response
     * @param onRefused    counts a refusal, and gives back its place in the reserve (its end is near and bounded)
     */
    OverLimitConnection(boolean mayProbe, Duration headDeadline, byte[] refusal, Runnable onRefused) {
        this.mayProbe = mayProbe;
        this.headDeadline = headDeadline;
        this.refusal = refusal;
        this.refusalForHead = RawAnswer.forHead(refusal);
        this.onRefused = onRefused;
    }

    /** @return whether the connection is within the probe reserve */
    boolean mayProbe() {
        return mayProbe;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        wait = ctx.executor().schedule(() -> refuse(ctx, false), WebConstants.OVER_LIMIT_FIRST_BYTES_WAIT.toNanos(),
                TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
        ctx.read(); // Reactor Netty reads on demand, and its handlers behind this one see nothing yet
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state != State.DECIDING || !(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            refuse(ctx, false);
            return;
        }
        boolean first = held == null;
        held = first ? bytes : ctx.alloc().compositeBuffer().addComponents(true, held, bytes);
        State verdict = mayProbe ? verdict(held) : State.REFUSED;
        if (verdict == State.DECIDING && held.readableBytes() > MAX_DECIDING_BYTES) {
            verdict = State.REFUSED; // only empty lines so far, and too many of them
        }
        switch (verdict) {
            case PROBE -> pass(ctx);
            case REFUSED -> refuse(ctx, isHead(held));
            case DECIDING -> {
                if (first) {
                    // The first bytes are here: no longer a silent connection, but a request line that may
                    // come in pieces. Its first byte starts the head deadline.
                    stopWaiting();
                    wait = ctx.executor().schedule(() -> refuse(ctx, held != null && isHead(held)),
                            headDeadline.toNanos(), TimeUnit.NANOSECONDS);
                }
                ctx.read();
            }
        }
    }

    /**
     * @param bytes bytes a request head is in, empty lines before it allowed
     * @return whether its request line, as far as it has come, says {@code HEAD}
     */
    static boolean isHead(ByteBuf bytes) {
        return startsWith(bytes, requestLineStart(bytes), HEAD_METHOD, HEAD_METHOD.length);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // Nothing was passed on while deciding, so there is nothing for the handlers behind to complete.
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopWaiting();
        releaseHeld(); // nothing on a probe: pass() handed it on
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopWaiting();
        releaseHeld();
        ctx.fireChannelInactive();
    }

    /** @return where the request line starts: after the empty lines RFC 9112 §2.2 allows before it */
    private static int requestLineStart(ByteBuf bytes) {
        int from = bytes.readerIndex();
        while (from < bytes.writerIndex() && (bytes.getByte(from) == '\r' || bytes.getByte(from) == '\n')) {
            from++;
        }
        return from;
    }

    private static State verdict(ByteBuf bytes) {
        int from = requestLineStart(bytes);
        boolean mayStillMatch = false;
        for (byte[] probe : PROBES) {
            int n = Math.min(probe.length, bytes.writerIndex() - from);
            if (startsWith(bytes, from, probe, n)) {
                if (n == probe.length) {
                    return State.PROBE;
                }
                mayStillMatch = true;
            }
        }
        return mayStillMatch ? State.DECIDING : State.REFUSED;
    }

    private static boolean startsWith(ByteBuf bytes, int from, byte[] probe, int n) {
        if (bytes.writerIndex() - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (bytes.getByte(from + i) != probe[i]) {
                return false;
            }
        }
        return true;
    }

    private void pass(ChannelHandlerContext ctx) {
        state = State.PROBE;
        stopWaiting();
        ctx.pipeline().addAfter(NettyPipeline.HttpCodec, "pricefeed.overLimit.notKeptAlive", new NotKeptAlive());
        ByteBuf request = held;
        held = null;
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(request);
        ctx.fireChannelReadComplete();
    }

    /** @param head whether the request is a HEAD, whose answer has no body */
    private void refuse(ChannelHandlerContext ctx, boolean head) {
        if (state != State.DECIDING) {
            return;
        }
        state = State.REFUSED;
        stopWaiting();
        releaseHeld();
        onRefused.run();
        RawAnswer.sendAndClose(ctx, head ? refusalForHead : refusal);
    }

    private void stopWaiting() {
        if (wait != null) {
            wait.cancel(false);
            wait = null;
        }
    }

    private void releaseHeld() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    /**
     * After the HTTP codec on a probe: the request is marked not to keep the connection alive, so Reactor
     * Netty itself answers with {@code connection: close}, closes after the response, and drops requests
     * pipelined behind it rather than serving them on a connection over the limit.
     */
    private static final class NotKeptAlive extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                HttpUtil.setKeepAlive(request, false);
            }
            ctx.fireChannelRead(msg);
        }
    }
}
