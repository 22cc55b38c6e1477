package pricefeed.server.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.server.metrics.FeedMetrics;
import reactor.netty.NettyPipeline;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds every web answer with a known end (each but an SSE stream's, which has its own byte budget and lag
 * bound) to two rules from its write until its socket has taken the last byte:
 * <ul>
 *   <li><b>Memory.</b> It counts against the listener's {@link AnswerBudget}, at its body's size plus
 *       {@link #HEAD_BYTES}. A {@code 2xx} answer to a {@code GET} that would take the count over the budget is
 *       replaced by {@code 503 unavailable} with {@code Retry-After}, and the connection closes after it.
 *       Answers to other methods are sent and counted whatever the count: their change is made already, and a
 *       503 would ask the client to make it again. An answer to {@code HEAD} holds its head alone, since the
 *       codec drops the body.</li>
 *   <li><b>Progress.</b> A connection whose answer makes no write progress for the deadline is closed, so a
 *       client that never reads cannot hold its answer's memory for good (Reactor Netty's idle timeout does
 *       not run while a write is pending). Progress, not total time: a client on a slow link that keeps
 *       reading keeps its connection however long the answer takes. Progress is Netty writing more, or the
 *       kernel sending more of what it was given.</li>
 * </ul>
 *
 * <p>Why at the write, just after the HTTP codec, and not in the routes: every answer passes there, its size is
 * known, and the write's promise completes when the socket has taken the last byte or the connection has
 * failed, which is exactly when the memory is given back. The answers are made on the heap, so the check comes
 * before the transport copies them into direct memory.
 */
final class AnswerWatch {

    /** Gauge {@code feed_web_answer_bytes}: what web answers not yet taken by their sockets hold. */
    static final String ANSWER_BYTES = "feed.web.answer.bytes";
    /** Gauge {@code feed_web_answer_budget_bytes}: the most they may hold together. */
    static final String ANSWER_BUDGET_BYTES = "feed.web.answer.budget.bytes";
    /** Counter {@code feed_web_answers_refused_total}: answers replaced by 503 for the budget. */
    static final String ANSWERS_REFUSED = "feed.web.answers.refused";
    /** Counter {@code feed_web_slow_consumer_disconnects_total}: connections closed for an answer not taken. */
    static final String SLOW_CONSUMER_DISCONNECTS = "feed.web.slow.consumer.disconnects";

    /** Counted for an answer's status line and headers (ours are about 250 bytes). */
    static final int HEAD_BYTES = 512;
    /**
     * Progress is looked at this many times per deadline, and a connection is closed after that many looks in a
     * row saw none. Counting looks, not time, keeps a stopped process's pause from counting against its
     * clients: the looks stop with it.
     */
    static final int CHECKS_PER_DEADLINE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(AnswerWatch.class);
    private static final String NAME = "pricefeed.answerWatch";
    private static final long REFUSAL_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AnswerBudget budget;
    private final long checkPeriodNanos;
    private final long checkPeriodMillis;
    private final long deadlineMillis;
    private final FeedMetrics metrics;
    private final LongAdder refused = new LongAdder();
    private final LongAdder slowDisconnects = new LongAdder();
    private final byte[] refusalBody = JsonResponses.errorBody(ApiError.answersOverBudget());
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS);

    /**
     * @param budget   what all web answers not yet written may hold together
     * @param deadline how long an answer may make no progress before its connection is closed
     * @param metrics  where the four meters above are registered, and slow consumers counted
     */
    AnswerWatch(AnswerBudget budget, Duration deadline, FeedMetrics metrics) {
        this.budget = budget;
        this.checkPeriodNanos = Math.max(1, deadline.toNanos() / CHECKS_PER_DEADLINE);
        this.checkPeriodMillis = Math.max(1, checkPeriodNanos / 1_000_000);
        this.deadlineMillis = deadline.toMillis();
        this.metrics = metrics;
        Gauge.builder(ANSWER_BYTES, budget, AnswerBudget::held).strongReference(true)
                .description("Bytes of web answers not yet taken by their sockets").register(metrics.registry());
        Gauge.builder(ANSWER_BUDGET_BYTES, budget, AnswerBudget::limit).strongReference(true)
                .description("The most web answers not yet written may hold together").register(metrics.registry());
        FunctionCounter.builder(ANSWERS_REFUSED, refused, LongAdder::sum)
                .description("Web answers replaced by 503 for the answer memory budget").register(metrics.registry());
        FunctionCounter.builder(SLOW_CONSUMER_DISCONNECTS, slowDisconnects, LongAdder::sum)
                .description("Web connections closed for an answer that made no progress").register(metrics.registry());
    }

    /**
     * Call from {@code doOnChannelInit}, after Reactor Netty has added its HTTP codec and before
     * {@link EveryResponse} is installed, so that a 503 put in an answer's place gets its headers too.
     *
     * @param channel a new web connection
     */
    void install(Channel channel) {
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new Watch());
    }

    /** @return what answers not yet written hold now, in bytes */
    long held() {
        return budget.held();
    }

    private void refusedOne(Channel channel, long wanted) {
        refused.increment();
        long last = lastRefusalLog.get();
        long now = System.nanoTime();
        if (now - last >= REFUSAL_LOG_INTERVAL_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            LOG.warn("web answer of {} bytes to {} refused with 503: answers not yet taken by their clients hold {} of "
                    + "{} bytes ({} refused so far; at most one such line every 10 s)", wanted,
                    who(channel.remoteAddress()), budget.held(), budget.limit(), refused.sum());
        }
    }

    private void stalled(Channel channel, long held) {
        LOG.warn("web client {} took no more of its answer for {} ms ({} bytes held for it): connection closed",
                who(channel.remoteAddress()), deadlineMillis, held);
        slowDisconnects.increment();
        metrics.slowConsumerDisconnect();
        channel.close();
    }

    private static String who(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? WebRequest.who(inet) : String.valueOf(address);
    }

    /** One connection's answers. Event loop only. */
    private final class Watch extends ChannelDuplexHandler {
        /** Methods of the requests not answered yet, in order: answers go out in that order (RFC 9112 §9.3.2). */
        private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>();
        /** Answers written whose sockets have not taken them, and what they hold. */
        private int pending;
        private long pendingBytes;
        private ScheduledFuture<?> check;
        private int quietChecks;
        // What the outbound buffer looked like at the last check: any change is progress.
        private int lastCurrent;
        private long lastProgress = -1;
        private long lastLeft = -1;
        private EpollTcpInfo tcpInfo;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                methods.add(request.method());
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof HttpResponse response)
                    || response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise);
                return;
            }
            HttpMethod method = methods.poll();
            if (!(msg instanceof FullHttpResponse full)) {
                ctx.write(msg, promise); // a stream's head: the stream has its own budget and lag bound
                return;
            }
            FullHttpResponse answer = full;
            long bytes = holds(method, answer);
            boolean refused = false;
            if (!refusable(method, answer)) {
                budget.take(bytes);
            } else if (!budget.tryTake(bytes)) {
                refusedOne(ctx.channel(), bytes);
                answer = refusal(full);
                bytes = holds(method, answer);
                budget.take(bytes);
                refused = true;
            }
            long held = bytes;
            pending++;
            pendingBytes += held;
            quietChecks = 0;
            ChannelPromise written = promise.unvoid();
            written.addListener(done -> {
                pending--;
                pendingBytes -= held;
                budget.release(held);
            });
            ctx.write(answer, written);
            if (refused) {
                // Short of memory, shed the connection, as over the connection limit: a client that asked for a
                // large answer and reads nothing would otherwise idle here for the keep-alive timeout.
                written.addListener(ChannelFutureListener.CLOSE);
            }
            if (check == null && pending > 0) {
                lastLeft = -1; // the first look sees progress: the answer has just been added
                scheduleCheck(ctx);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (check != null) {
                check.cancel(false);
                check = null;
            }
            ctx.fireChannelInactive();
        }

        private void scheduleCheck(ChannelHandlerContext ctx) {
            check = ctx.executor().schedule(() -> check(ctx), checkPeriodNanos, TimeUnit.NANOSECONDS);
        }

        private void check(ChannelHandlerContext ctx) {
            check = null;
            Channel channel = ctx.channel();
            ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
            if (pending == 0 || !channel.isActive() || out == null) {
                return;
            }
            int current = System.identityHashCode(out.current());
            long progress = out.currentProgress();
            long left = out.totalPendingWriteBytes();
            if (current != lastCurrent || progress != lastProgress || left != lastLeft || kernelSent(channel)) {
                lastCurrent = current;
                lastProgress = progress;
                lastLeft = left;
                quietChecks = 0;
            } else if (++quietChecks >= CHECKS_PER_DEADLINE) {
                stalled(channel, pendingBytes);
                return;
            }
            scheduleCheck(ctx);
        }

        /**
         * The outbound buffer moves only when the kernel lets Netty write, after a third or so of the send buffer
         * (some 40 KiB by default) has left: for a client taking less than about 4 KB/s, less often than every 10 s,
         * though bytes leave all the time. The kernel's own record shows them leaving. A retransmission is no
         * progress: it is what the kernel does for a peer that has gone silent.
         *
         * @return whether the kernel sent new data on the connection since the last look (epoll transport only)
         */
        private boolean kernelSent(Channel channel) {
            if (!(channel instanceof EpollSocketChannel epoll)) {
                return false;
            }
            if (tcpInfo == null) {
                tcpInfo = new EpollTcpInfo();
            }
            epoll.tcpInfo(tcpInfo);
            return tcpInfo.retransmits() == 0 && tcpInfo.lastDataSent() < checkPeriodMillis;
        }

        /** @return what the answer holds until written: the head, and the body unless the codec drops it */
        private static long holds(HttpMethod method, FullHttpResponse answer) {
            return HEAD_BYTES + (HttpMethod.HEAD.equals(method) ? 0 : answer.content().readableBytes());
        }

        /** @return whether a 503 may stand in for the answer: a success with a body, to a GET, which changed nothing */
        private static boolean refusable(HttpMethod method, FullHttpResponse answer) {
            return HttpMethod.GET.equals(method) && answer.status().codeClass() == HttpStatusClass.SUCCESS
                    && answer.content().isReadable();
        }

        /** @return the 503 that goes out in the answer's place; the answer is released */
        private FullHttpResponse refusal(FullHttpResponse answer) {
            ApiError error = ApiError.answersOverBudget();
            FullHttpResponse refusal = new DefaultFullHttpResponse(answer.protocolVersion(), error.code().status(),
                    Unpooled.wrappedBuffer(refusalBody));
            refusal.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, WebConstants.JSON)
                    .set(HttpHeaderNames.CACHE_CONTROL, WebConstants.CACHE_NONE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, refusalBody.length);
            for (Map.Entry<String, String> header : error.headers().entrySet()) {
                refusal.headers().set(header.getKey(), header.getValue());
            }
            HttpUtil.setKeepAlive(refusal, false); // closed once written: see write
            answer.release();
            return refusal;
        }
    }
}
