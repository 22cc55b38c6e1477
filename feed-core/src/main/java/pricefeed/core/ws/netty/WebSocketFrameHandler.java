package pricefeed.core.ws.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.CloseStatus.Initiator;
import pricefeed.core.ws.ProtocolViolation;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.frame.FrameDecoder;
import pricefeed.core.ws.frame.FrameEncoder;
import pricefeed.core.ws.frame.FrameListener;
import pricefeed.core.ws.session.CloseHandshake;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The inbound half of a WebSocket connection in a Netty pipeline, for either role: runs the
 * {@link FrameDecoder} and passes whole data messages downstream as {@link WsMessage}s (or to a
 * {@link MessageReceiver}, see {@link #receiveWith}), and handles the control frames itself.
 * <ul>
 *   <li>A ping is answered at once with a pong carrying its payload, written and flushed from this
 *       handler's position, ahead of anything the application has not yet written. While a pong waits for
 *       the socket, only the newest ping since is answered after it ({@link PongReplies}).</li>
 *   <li>The close handshake runs through {@link CloseHandshake}. The peer's close is answered with its code
 *       (1000 when it had none) unless we already sent ours; then the TCP connection ends: a server half-closes
 *       at once ({@link GracefulClose}), a client waits up to the close timeout for the server to do so.
 *       Our own {@link #close} sends a close frame, refuses output from then on, and closes TCP when the peer
 *       answers or after the close timeout at the latest.</li>
 *   <li>A {@link ProtocolViolation} is turned into "close frame with its code and reason, then close" in
 *       exactly one place, {@link #fail}; the decoder then drops all further input.</li>
 *   <li>Data messages that arrive after our close frame are discarded.</li>
 *   <li>What the connection holds of unfinished input (a frame not yet complete, the fragments of a message
 *       joined so far) is counted in an {@link InboundMemory} shared with other connections, after each read;
 *       a read that takes the total over its bound closes the connection with 1013 "try again later".</li>
 * </ul>
 * {@link #onClose()} and {@link #whenClosed} report the final {@link CloseStatus} once the channel is inactive. The outbound half
 * is {@link #writer()}, to be installed right behind this handler.
 */
public final class WebSocketFrameHandler extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);

    private final Role role;
    private final WebSocketLimits limits;
    private final FrameEncoder encoder;
    private final FrameDecoder decoder;
    private final CloseHandshake handshake = new CloseHandshake();
    private final WebSocketFrameWriter writer;
    private final InboundMemory memory;
    /** Bytes of unfinished input this connection has counted in {@link #memory}; event loop only. */
    private long held;
    /** Set once, when the channel goes inactive; guarded by {@code this} together with {@link #whenClosed}. */
    private CloseStatus closed;
    /** What to run at that moment: callbacks chained, so one or two of them cost no list. */
    private Consumer<CloseStatus> whenClosed;

    private ChannelHandlerContext ctx;
    /** The output list of the decode call in progress; the listener adds messages to it. */
    private List<Object> out;
    private volatile boolean open = true;
    private boolean inactive;
    private final CloseStatusRecorder outcome = new CloseStatusRecorder();
    private ScheduledFuture<?> tcpDeadline;
    /** A close or violation seen in the current read, run once that read's messages were passed on. */
    private Runnable afterDelivery;
    /** Made on the first ping from the peer: most connections never send one. */
    private PongReplies pongs;
    /** Our last ping is written but not yet in the socket; event loop only. */
    private boolean pingOnItsWay;
    /** Takes data messages instead of the pipeline once set; event loop only. */
    private MessageReceiver receiver;

    /**
     * A handler whose unfinished input is bounded only by its message limit, as the client role's is: a client
     * holds a few connections to servers it chose, so there is no crowd of peers to share memory among.
     *
     * @param role       our end of the connection
     * @param limits     frame and message limits and the close timeout
     * @param maskRandom the client's masking-key source (SecureRandom in production); unused by a server
     */
    public WebSocketFrameHandler(Role role, WebSocketLimits limits, Random maskRandom) {
        this(role, limits, maskRandom, InboundMemory.unlimited());
    }

    /**
     * @param role       our end of the connection
     * @param limits     frame and message limits and the close timeout
     * @param maskRandom the client's masking-key source (SecureRandom in production); unused by a server
     * @param memory     where the unfinished input of this connection is counted, shared with other connections
     */
    public WebSocketFrameHandler(Role role, WebSocketLimits limits, Random maskRandom, InboundMemory memory) {
        this.role = Objects.requireNonNull(role, "role");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.encoder = new FrameEncoder(role, maskRandom);
        this.decoder = new FrameDecoder(role, limits, new Events());
        this.writer = new WebSocketFrameWriter(this, role, encoder);
    }

    /** @return the outbound half (encodes {@link WsMessage}s, refuses output after our close), one per handler */
    public ChannelHandler writer() {
        return writer;
    }

    /**
     * From now on, data messages go to {@code receiver} instead of down the pipeline as {@link WsMessage}s;
     * those decoded before this call went down the pipeline. Event loop only.
     *
     * @param receiver takes every data message from now on
     */
    public void receiveWith(MessageReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        if (ctx != null && !ctx.executor().inEventLoop()) {
            throw new IllegalStateException("receiveWith is for the event loop");
        }
        this.receiver = receiver;
    }

    /** @return completes with how the connection ended, once the channel is inactive */
    public Mono<CloseStatus> onClose() {
        return Mono.create(sink -> whenClosed(sink::success));
    }

    /**
     * Runs {@code callback} with how the connection ended once the channel is inactive: on the event loop
     * then, or at once on the calling thread when that has already happened. Safe from any thread. The plain
     * callback form of {@link #onClose()}, for the server, which holds one per connection and no more.
     *
     * @param callback must not throw
     */
    public void whenClosed(Consumer<CloseStatus> callback) {
        Objects.requireNonNull(callback, "callback");
        CloseStatus status;
        synchronized (this) {
            status = closed;
            if (status == null) {
                Consumer<CloseStatus> earlier = whenClosed;
                whenClosed = earlier == null ? callback : earlier.andThen(callback);
                return;
            }
        }
        callback.accept(status);
    }

    /** @return whether no close frame crossed either way and the channel is up; safe from any thread */
    public boolean isOpen() {
        return open;
    }

    /** Event loop only: whether data frames may still be written. */
    boolean canSendData() {
        return handshake.canSendData();
    }

    /**
     * Starts the close handshake. Safe from any thread; does nothing once a close frame was sent or the
     * channel is gone.
     *
     * @param code   a code that may be sent
     * @param reason at most 123 UTF-8 bytes; null or empty for none
     */
    public void close(CloseCode code, String reason) {
        if (!code.maySend()) {
            throw new IllegalArgumentException("close code may not be sent: " + code);
        }
        String fitted = CloseReasons.requireFits(reason);
        onEventLoop(() -> closeNow(code, fitted), null);
    }

    /**
     * Sends a ping. Safe from any thread; does nothing once the close handshake started, nor while our
     * previous ping has not reached the socket: a peer that reads nothing gets no pile of pings, and one
     * that reads behind a full buffer still gets each ping once the one before it is out.
     *
     * @param payload at most 125 bytes; released by this call
     */
    public void ping(ByteBuf payload) {
        onEventLoop(() -> {
            try {
                if (handshake.canSendData() && ctx.channel().isActive() && !pingOnItsWay) {
                    pingOnItsWay = true;
                    ctx.writeAndFlush(encoder.ping(ctx.alloc(), payload)).addListener(written -> pingOnItsWay = false);
                }
            } finally {
                payload.release();
            }
        }, payload);
    }

    private void onEventLoop(Runnable task, ByteBuf owned) {
        if (ctx == null) {
            throw new IllegalStateException("handler not in a pipeline");
        }
        if (ctx.executor().inEventLoop()) {
            task.run();
            return;
        }
        try {
            ctx.executor().execute(task);
        } catch (RejectedExecutionException e) {
            if (owned != null) {
                owned.release();
            }
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (inactive) {
            in.skipBytes(in.readableBytes());
            return;
        }
        this.out = out;
        try {
            decoder.decode(in);
        } catch (ProtocolViolation violation) {
            afterDelivery = () -> fail(violation);
        } finally {
            this.out = null;
        }
    }

    /**
     * Messages decoded from one read are passed on when {@code decode} returns; a close or a violation found
     * in the same read is acted on only after that, so the application sees (and may answer) every message
     * the peer sent before it. Then {@link CloseComing} goes down the pipeline, so an application that
     * answers through its own queue writes it out, and only then our close frame shuts output. Running out of
     * {@link InboundMemory} is acted on the same way, unless the read brought a close or violation, which
     * frees the unfinished input anyway.
     */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        super.channelRead(ctx, msg);
        Runnable action = afterDelivery;
        afterDelivery = null;
        if (!countHeld() && action == null) {
            action = this::refuseForMemory;
        }
        // The channel may have ended meanwhile (the application closed it, a write failed): then the close
        // handshake is over, and there is nothing left to answer or fail.
        if (action != null && !inactive) {
            ctx.fireUserEventTriggered(CloseComing.INSTANCE);
            action.run();
        }
    }

    /**
     * Counts what the connection holds once a read is decoded: the capacity of the buffers, since that is the
     * memory taken (the partial frame's bytes may sit in a 64 KiB read buffer; the assembler reserves room
     * for more fragments). Only a change reaches the shared counter, and most reads leave nothing held: whole
     * messages are handed on as slices of the read, which then goes back to the allocator.
     *
     * @return false when this read took the shared total over its bound
     */
    private boolean countHeld() {
        if (!memory.isBounded()) {
            return true;
        }
        long now = (long) internalBuffer().capacity() + decoder.heldBytes();
        long change = now - held;
        if (change == 0) {
            return true;
        }
        held = now;
        if (change < 0) {
            memory.giveBack(-change);
            return true;
        }
        return memory.grow(change);
    }

    /**
     * Closes with 1013 a connection whose unfinished input took the shared total over its bound. Its open
     * message is freed at once and later input skipped; the partial frame in the cumulation goes with the next
     * read or the channel, and the count with it.
     */
    private void refuseForMemory() {
        decoder.release();
        failWith(CloseCode.TRY_AGAIN_LATER, InboundMemory.BUSY_REASON);
        countHeld();
    }

    /** Gives back everything this connection counted; once it is gone, nothing more is counted. */
    private void giveBackHeld() {
        if (held != 0) {
            memory.giveBack(held);
            held = 0;
        }
    }

    /** The one place a protocol violation becomes a close frame with its code, then the end of TCP. */
    private void fail(ProtocolViolation violation) {
        failWith(violation.closeCode(), CloseReasons.fit(violation.getMessage()));
    }

    /** Close frame, then end TCP without waiting for the peer's answer; input is dropped from here on. */
    private void failWith(CloseCode code, String reason) {
        if (!handshake.maySendClose() || !ctx.channel().isActive()) {
            outcome.dropped(Initiator.LOCAL, reason);
            ctx.close();
            return;
        }
        outcome.closeFrame(code.code(), reason, Initiator.LOCAL);
        handshake.closeSent();
        open = false;
        GracefulClose.afterWrite(writeClose(code, reason), limits.closeTimeout());
    }

    private void closeNow(CloseCode code, String reason) {
        if (!handshake.maySendClose() || !ctx.channel().isActive()) {
            return;
        }
        ctx.fireUserEventTriggered(CloseComing.INSTANCE);
        // What the event ran may have ended the channel or closed it already.
        if (!handshake.maySendClose() || !ctx.channel().isActive()) {
            return;
        }
        outcome.closeFrame(code.code(), reason, Initiator.LOCAL);
        boolean done = handshake.closeSent();
        open = false;
        ChannelFuture write = writeClose(code, reason);
        if (done) {
            outcome.clean();
            endTcp(write);
        } else {
            // The deadline runs from our close frame, whatever the peer does afterwards.
            scheduleTcpDeadline();
        }
    }

    private void peerClosed(int code, String reason) {
        outcome.closeFrame(code, reason, Initiator.REMOTE);
        boolean done = handshake.closeReceived();
        open = false;
        outcome.clean();
        if (done) {
            endTcp(ctx.newSucceededFuture());
            return;
        }
        CloseCode answer = code == CloseCode.NO_STATUS.code() ? CloseCode.NORMAL : CloseCode.of(code);
        handshake.closeSent();
        endTcp(writeClose(answer, ""));
    }

    /**
     * Writes a close frame. With no memory left for one (the JVM's direct memory used up), ends TCP at once
     * instead, and the peer sees 1006: a close that threw here would leave the connection open, holding
     * memory, with no deadline to end it.
     */
    private ChannelFuture writeClose(CloseCode code, String reason) {
        ByteBuf frame;
        try {
            frame = encoder.close(ctx.alloc(), code, reason);
        } catch (OutOfMemoryError e) {
            return ctx.close();
        }
        return ctx.writeAndFlush(frame);
    }

    /** Both close frames crossed: the server ends TCP first; a client gives the server time to do so. */
    private void endTcp(ChannelFuture lastWrite) {
        if (role == Role.SERVER) {
            GracefulClose.afterWrite(lastWrite, limits.closeTimeout());
        } else if (tcpDeadline == null) {
            scheduleTcpDeadline();
        }
    }

    /** Closes TCP after the close timeout unless the channel is gone by then (the timer is cancelled). */
    private void scheduleTcpDeadline() {
        tcpDeadline = ctx.executor().schedule(() -> {
            ctx.close();
        }, limits.closeTimeout().toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        open = false;
        inactive = true;
        boolean midMessage = decoder.isMidMessage();
        handshake.terminate();
        if (tcpDeadline != null) {
            tcpDeadline.cancel(false);
        }
        super.channelInactive(ctx);
        CloseStatus status = outcome.status(midMessage);
        Consumer<CloseStatus> callbacks;
        synchronized (this) { // a channel goes inactive once
            closed = status;
            callbacks = whenClosed;
            whenClosed = null;
        }
        if (callbacks != null) {
            callbacks.accept(status);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            outcome.dropped(Initiator.REMOTE,
                    Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName()));
            ctx.close();
            return;
        }
        log.warn("closing {} after an unexpected error", ctx.channel(), cause);
        failWith(CloseCode.INTERNAL_ERROR, "internal error");
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        // The cumulation was released just before this; the open message goes now, and its count with it.
        decoder.release();
        giveBackHeld();
    }

    /** What the decoder reports, confined to the event loop. */
    private final class Events implements FrameListener {

        @Override
        public void onText(ByteBuf utf8) {
            deliver(utf8, true);
        }

        @Override
        public void onBinary(ByteBuf payload) {
            deliver(payload, false);
        }

        /** Only called from decode(), which sets out. */
        private void deliver(ByteBuf payload, boolean text) {
            if (!handshake.canSendData()) {
                payload.release();
            } else if (receiver != null) {
                try {
                    receiver.onMessage(payload, text);
                } finally {
                    payload.release();
                }
            } else {
                out.add(text ? WsMessage.text(payload) : WsMessage.binary(payload));
            }
        }

        @Override
        public void onPing(ByteBuf payload) {
            try {
                if (pongs == null) {
                    pongs = new PongReplies(ctx, encoder, handshake);
                }
                pongs.answer(payload);
            } finally {
                payload.release();
            }
        }

        @Override
        public void onPong(ByteBuf payload) {
            payload.release();
        }

        @Override
        public void onClose(int code, String reason) {
            afterDelivery = () -> peerClosed(code, reason);
        }
    }
}
