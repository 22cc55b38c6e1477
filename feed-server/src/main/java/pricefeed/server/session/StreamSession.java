package pricefeed.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.core.json.BadRequest;
import pricefeed.core.json.ClientMessage;
import pricefeed.core.json.ClientMessageParser;
import pricefeed.core.json.ErrorCode;
import pricefeed.core.json.JsonId;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.market.Micros;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.netty.CloseComing;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.stream.Pipelines;
import pricefeed.server.stream.StreamListener;
import pricefeed.server.stream.WebSocketConnection;
import pricefeed.server.subscription.OutFrame;
import pricefeed.server.subscription.ServerFrames;
import pricefeed.server.subscription.Subscriber;
import pricefeed.server.subscription.Subscriptions;
import pricefeed.server.subscription.TickFanout;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One {@code /stream} connection: client operations in, replies and ticks out. Replies and ticks share
 * one byte-bounded {@link OutboundQueue}, so a reply is never overtaken by ticks queued after it and
 * a client that stops reading is dropped with 1008 "slow consumer" before it can cost unbounded memory.
 */
public final class StreamSession implements Subscriber {

    private static final Logger log = LoggerFactory.getLogger(StreamSession.class);
    private static final int REPLY_ESTIMATE = 128;
    private static final String DRAIN_HANDLER = "pricefeed.drainOnWritable";
    /** Room for the close frame (at most 2 + 2 + 123 bytes) with plenty to spare. */
    private static final int CLOSE_FRAME_ROOM = 1024;
    /** The kernel clamps SO_SNDBUF anyway; this only keeps the arithmetic in range. */
    private static final long MAX_SEND_BUFFER = 64L * 1024 * 1024;

    private final WebSocketConnection connection;
    private final Channel channel;
    private final TickFanout fanout;
    private final ServerFrames frames;
    private final ClientMessageParser parser;
    private final FeedMetrics metrics;
    private final Scheduler timers;
    private final LongSupplier clock;
    private final SessionSettings settings;
    private final OutboundQueue queue;
    private final Subscriptions subscriptions;
    private final InboundRateLimiter limiter;
    private final Heartbeat heartbeat;
    private volatile long lastSentNanos;

    /**
     * @param connection the upgraded connection
     * @param fanout     the tick fan-out
     * @param parser     parses client messages
     * @param metrics    where sends and drops are counted
     * @param timers     the connection's event loop as a scheduler (virtual time in tests)
     * @param settings   per-connection limits
     */
    public StreamSession(WebSocketConnection connection, TickFanout fanout, ClientMessageParser parser,
                         FeedMetrics metrics, Scheduler timers, SessionSettings settings) {
        this.connection = connection;
        this.channel = connection.channel();
        this.fanout = fanout;
        this.frames = fanout.frames();
        this.parser = parser;
        this.metrics = metrics;
        this.timers = timers;
        this.clock = fanout.nanoClock();
        this.settings = settings;
        this.subscriptions = new Subscriptions(fanout, this, settings.maxSymbols());
        // Snapshots and replays are pulled only when the queue has run dry and the socket takes more, a
        // part at a time: a fast client reads megabytes of them while its queue never holds more than
        // a part, and live ticks of other symbols still fit in the budget beside it.
        long catchUpPart = Subscriptions.catchUpPart(settings.outboundBudget());
        this.queue = new OutboundQueue(channel, frames.alloc(), settings.outboundBudget(), settings.maxLag().toNanos(),
                settings.writeDelay().toNanos(), this::onSlowConsumer, this::onWritten,
                OutboundQueue.Refill.of(() -> subscriptions.pullCatchUps(catchUpPart), subscriptions::hasCatchUps));
        this.limiter = new InboundRateLimiter(settings.maxInboundRate(), clock.getAsLong());
        this.lastSentNanos = clock.getAsLong();
        this.heartbeat = new Heartbeat(timers, settings.heartbeatInterval(), clock, () -> lastSentNanos,
                this::heartbeat);
    }

    /**
     * Runs the session until the connection closes.
     *
     * @return completes when the connection is gone
     */
    public Mono<Void> run() {
        Pipelines.addLast(channel, DRAIN_HANDLER, new DrainOnWritable());
        heartbeat.start();
        String initial = connection.request().query().get("symbols");
        if (initial != null) {
            List<String> symbols = Arrays.stream(initial.split(",")).map(String::trim)
                    .filter(s -> !s.isEmpty()).distinct().toList();
            if (!symbols.isEmpty()) {
                subscribe(null, symbols, Map.of(), null, 0);
            }
        }
        return connection.receive()
                .doOnNext(this::onMessage)
                .then()
                .doFinally(signal -> close());
    }

    @Override
    public boolean offer(OutFrame frame) {
        lastSentNanos = frame.createdNanos();
        return queue.offer(frame);
    }

    @Override
    public Scheduler timers() {
        return timers;
    }

    @Override
    public void catchUpWaiting() {
        queue.requestDrain();
    }

    private void onMessage(WsMessage message) {
        boolean allowed = limiter.tryAcquire(clock.getAsLong());
        if (!message.isText()) {
            refuse(null, allowed, ErrorCode.BAD_REQUEST, "binary messages are not supported: send JSON text");
            return;
        }
        ClientMessage parsed;
        try {
            // Parsed even when over the rate: the refusal echoes the message's id like every other reply.
            parsed = parser.parse(message.content());
        } catch (BadRequest e) {
            refuse(e.id(), allowed, e.code(), e.getMessage());
            return;
        }
        if (!allowed) {
            error(parsed.id(), ErrorCode.LIMIT_EXCEEDED, tooManyMessages());
            return;
        }
        if (parsed instanceof ClientMessage.Subscribe s) {
            subscribe(s.id(), s.symbols(), s.from(), s.epoch(), s.throttleMs());
        } else if (parsed instanceof ClientMessage.Unsubscribe u) {
            subscriptions.unsubscribe(u.symbols());
            reply(buf -> ServerMessages.unsubscribed(u.id(), u.symbols(), buf));
        } else if (parsed instanceof ClientMessage.ListSymbols l) {
            var specs = fanout.symbols();
            replySized(64 + specs.size() * 40, buf -> ServerMessages.symbols(l.id(), specs, buf));
        } else if (parsed instanceof ClientMessage.Ping p) {
            reply(buf -> ServerMessages.pong(p.id(), Micros.now(), buf));
        }
    }

    /** A message over the inbound rate is refused for that, whatever else is wrong with it. */
    private void refuse(JsonId id, boolean allowed, ErrorCode code, String message) {
        if (allowed) {
            error(id, code, message);
        } else {
            error(id, ErrorCode.LIMIT_EXCEEDED, tooManyMessages());
        }
    }

    /** Built per refusal rather than kept: an idle connection should not carry it. */
    private String tooManyMessages() {
        return "too many messages: at most " + settings.maxInboundRate() + " per second";
    }

    private void subscribe(JsonId id, List<String> symbols, Map<String, Long> from, String epoch, int throttleMs) {
        Subscriptions.Outcome refused = subscriptions.check(symbols);
        if (refused instanceof Subscriptions.Outcome.UnknownSymbols u) {
            String names = String.join(", ", u.unknown());
            error(id, ErrorCode.UNKNOWN_SYMBOL, (u.unknown().size() == 1 ? "unknown symbol: " : "unknown symbols: ") + names);
            return;
        }
        if (refused instanceof Subscriptions.Outcome.TooMany t) {
            error(id, ErrorCode.LIMIT_EXCEEDED, "too many symbols: at most " + t.limit() + " per connection");
            return;
        }
        // Subscribed first, replied second: every message after the reply is under the new throttle. The other
        // way round, a held symbol's conflation ran on between the two, so a client going unthrottled could
        // see a conflated skip after the reply and take it for a gap. The reply still precedes the snapshots
        // and replays, which the next drain of the queue pulls, after this returns.
        fanout.inCurrentEpoch(currentEpoch -> {
            subscriptions.subscribe(symbols, from, epoch, throttleMs);
            replySized(64 + symbols.size() * 12, buf -> ServerMessages.subscribed(id, symbols, currentEpoch, buf));
        });
    }

    private void error(JsonId id, ErrorCode code, String message) {
        replySized(REPLY_ESTIMATE + message.length(), buf -> ServerMessages.error(id, code, message, buf));
    }

    /** Mostly the only frame of an idle connection, which it should not make the queue for. */
    private void heartbeat() {
        OutFrame frame = replyFrame(REPLY_ESTIMATE, buf -> ServerMessages.heartbeat(Micros.now(), buf));
        lastSentNanos = frame.createdNanos();
        queue.offerAlone(frame);
    }

    private void reply(Consumer<ByteBuf> writer) {
        replySized(REPLY_ESTIMATE, writer);
    }

    private void replySized(int estimate, Consumer<ByteBuf> writer) {
        offer(replyFrame(estimate, writer));
    }

    private OutFrame replyFrame(int estimate, Consumer<ByteBuf> writer) {
        return new OutFrame(frames.text(estimate, writer), clock.getAsLong(), 0);
    }

    private void onWritten(int count, long bytes, long oldestTsMicros) {
        metrics.messagesSent(count, bytes);
        if (oldestTsMicros != 0) {
            metrics.recordTickToWrite(Micros.now() - oldestTsMicros);
        }
    }

    private void onSlowConsumer(OutboundQueue.Overflow overflow, long queuedBytes) {
        try {
            channel.eventLoop().execute(() -> drop(overflow, queuedBytes));
        } catch (RejectedExecutionException e) {
            // The server is stopping and the connection goes with its loop; this runs on the offering thread
            // (the fan-out), which must not be thrown at.
            queue.discard();
        }
    }

    /**
     * Judged on the event loop, where the close handshake moves: a connection whose close is under way
     * (ours, or the peer's that our frame answers) sends no more data, and frames its socket held back since
     * then are no sign of a slow consumer. So every drop counted here is a 1008 the connection closes with,
     * and feed_slow_consumer_disconnects_total agrees with the connections closed for that reason.
     */
    private void drop(OutboundQueue.Overflow overflow, long queuedBytes) {
        queue.discard();
        if (!connection.isOpen()) {
            return;
        }
        metrics.slowConsumerDisconnect();
        log.warn("dropping slow consumer {}: {} ({} bytes queued)", connection.request().remoteAddress(),
                switch (overflow) {
                    case BUDGET -> "outbound budget exceeded";
                    case LAG -> "fell too far behind";
                    case MEMORY -> "no direct memory left for its writes";
                }, queuedBytes);
        connection.close(CloseCode.POLICY_VIOLATION, StreamListener.SLOW_CONSUMER_REASON);
    }

    /**
     * When the peer stopped reading, the kernel's send buffer is full and the close frame would wait in
     * Netty's buffer behind what is already there, to be thrown away when the connection is closed at the
     * close timeout. Growing the send buffer by what Netty still holds lets all of it and the close frame
     * reach the kernel at once, which keeps delivering them after the close: the peer reads the bytes
     * that were in flight, then the close frame (a slow consumer's 1008, 1001 at shutdown, the answer to its
     * own close), then the end of the stream.
     */
    private void makeRoomForTheCloseFrame() {
        if (!channel.isActive()) {
            // The peer reset the connection first: no socket left to size (reading it would throw).
            return;
        }
        ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
        long held = pending == null ? 0 : pending.totalPendingWriteBytes();
        Integer current = channel.config().getOption(ChannelOption.SO_SNDBUF);
        if (current != null && current > 0) {
            long wanted = current + held + CLOSE_FRAME_ROOM;
            channel.config().setOption(ChannelOption.SO_SNDBUF, (int) Math.min(wanted, MAX_SEND_BUFFER));
        }
    }

    private void close() {
        heartbeat.stop();
        subscriptions.close();
        queue.discard();
    }

    /** Resumes draining when the socket can take more, and ends the feed before our close frame. */
    private final class DrainOnWritable extends ChannelInboundHandlerAdapter {
        private boolean ended;

        /**
         * Our close frame is next: the answer to the peer's close or to its protocol violation, or our own
         * (slow consumer, idle timeout, shutdown). What is queued goes out first as far as the socket takes it,
         * write delay or not (a slow consumer's queue is already discarded); the rest, and every later tick, is
         * dropped, since no data may follow the close frame. If the peer is not reading, the frame would wait
         * behind what Netty holds and be thrown away with it at the close timeout, ending the stream inside a
         * frame; so the send buffer is grown to take all of it (see {@link #makeRoomForTheCloseFrame}).
         */
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == CloseComing.INSTANCE && !ended) {
                ended = true;
                queue.drain();
                close();
                makeRoomForTheCloseFrame();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable()) {
                queue.drain();
            }
            super.channelWritabilityChanged(ctx);
        }
    }
}
