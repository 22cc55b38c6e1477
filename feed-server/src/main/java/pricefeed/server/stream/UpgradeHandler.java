package pricefeed.server.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import pricefeed.core.ws.handshake.HandshakeOutcome;
import pricefeed.core.ws.handshake.HandshakeOutcome.Accepted;
import pricefeed.core.ws.handshake.HandshakeOutcome.Rejection;
import pricefeed.core.ws.handshake.HttpHead;
import pricefeed.core.ws.handshake.HttpHeadException;
import pricefeed.core.ws.handshake.HttpHeadParser;
import pricefeed.core.ws.handshake.HttpResponses;
import pricefeed.core.ws.handshake.UpgradeValidator;
import pricefeed.core.ws.netty.GracefulClose;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * The first handler of every stream connection: reads the request head under the size limit and the
 * handshake deadline, then answers either 101 (and hands the channel to the WebSocket handlers) or an
 * HTTP error followed by a graceful close. A head not complete by the deadline closes the connection
 * without an answer.
 */
final class UpgradeHandler extends ByteToMessageDecoder {

    /** Reported to {@link StreamEvents} when the deadline passed; nothing is sent. */
    static final int STATUS_TIMEOUT = 408;

    private enum State { READING, UPGRADED, REJECTED, TIMED_OUT }

    private final HttpHeadParser parser;
    private final Duration handshakeTimeout;
    private final Duration closeTimeout;
    private final UpgradeValidator validator;
    private final UnaryOperator<HandshakeOutcome> admission;
    private final BiFunction<Channel, Accepted, Runnable> installer;
    private final StreamEvents events;

    private State state = State.READING;
    private ScheduledFuture<?> deadline;

    /**
     * @param maxHeadBytes     the request head cap (431 over it)
     * @param handshakeTimeout how long the head may take
     * @param closeTimeout     how long to wait for the client to close after an error answer
     * @param validator        the upgrade checks
     * @param admission        turns an {@link Accepted} into a 503 {@link Rejection} when over capacity
     *                         (and reserves a slot otherwise)
     * @param installer        puts the WebSocket handlers in the pipeline behind this one; called on the event
     *                         loop right after the 101 is written and before this handler leaves, so bytes the
     *                         client sent right after its head reach the frame decoder. What it returns is run
     *                         once this handler has left: it starts the connection's application.
     * @param events           failure reporting
     */
    UpgradeHandler(int maxHeadBytes, Duration handshakeTimeout, Duration closeTimeout, UpgradeValidator validator,
                   UnaryOperator<HandshakeOutcome> admission, BiFunction<Channel, Accepted, Runnable> installer,
                   StreamEvents events) {
        this.parser = new HttpHeadParser(maxHeadBytes);
        this.handshakeTimeout = handshakeTimeout;
        this.closeTimeout = closeTimeout;
        this.validator = validator;
        this.admission = admission;
        this.installer = installer;
        this.events = events;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> timeout(ctx), handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        // Reactor Netty starts connections with auto-read off until someone reads; the handshake must read.
        ctx.channel().config().setAutoRead(true);
    }

    private void timeout(ChannelHandlerContext ctx) {
        if (state == State.READING) {
            state = State.TIMED_OUT;
            events.onHandshakeFailure(STATUS_TIMEOUT);
            ctx.close();
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state != State.READING) {
            in.skipBytes(in.readableBytes());
            return;
        }
        HandshakeOutcome outcome;
        try {
            HttpHead head = parser.parseRequest(in);
            if (head == null) {
                return;
            }
            outcome = validator.validate(head);
        } catch (HttpHeadException e) {
            outcome = Rejection.of(e);
        }
        if (outcome instanceof Accepted accepted) {
            outcome = admission.apply(accepted);
        }
        deadline.cancel(false);
        if (outcome instanceof Accepted accepted) {
            accept(ctx, accepted);
        } else {
            reject(ctx, in, (Rejection) outcome);
        }
    }

    private void accept(ChannelHandlerContext ctx, Accepted accepted) {
        state = State.UPGRADED;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(HttpResponses.switchingProtocols(accepted)));
        Runnable start = installer.apply(ctx.channel(), accepted);
        ctx.pipeline().remove(this);
        start.run();
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, Rejection rejection) {
        state = State.REJECTED;
        in.skipBytes(in.readableBytes());
        events.onHandshakeFailure(rejection.status());
        byte[] answer = HttpResponses.rejection(rejection, parser.method());
        GracefulClose.afterWrite(ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)), closeTimeout);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or I/O error before the upgrade: nobody to tell, nothing to answer.
        ctx.close();
    }
}
