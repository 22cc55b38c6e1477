package pricefeed.core.ws.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.handshake.ClientHandshake;
import pricefeed.core.ws.handshake.HandshakeFailure;
import pricefeed.core.ws.handshake.HandshakeFailure.Kind;
import pricefeed.core.ws.handshake.HttpHead;
import pricefeed.core.ws.handshake.HttpHeadException;
import pricefeed.core.ws.handshake.HttpHeadParser;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The client role's opening handshake in a pipeline: sends the request once the channel is active, reads
 * the response head under the head-size limit and the handshake timeout, checks it with
 * {@link ClientHandshake}, then puts a CLIENT {@link WebSocketFrameHandler} and its writer right behind
 * itself and leaves; bytes the server sent right after its head go to the frame handler. Any failure
 * closes the connection and errors {@link #upgraded()} with a {@link HandshakeFailure}.
 */
public final class ClientHandshakeHandler extends ByteToMessageDecoder {

    private enum State { AWAITING_RESPONSE, UPGRADED, FAILED }

    private final ClientHandshake handshake;
    private final WebSocketLimits limits;
    private final Random maskRandom;
    private final HttpHeadParser parser;
    private final Sinks.One<WebSocketFrameHandler> upgraded = Sinks.one();

    private State state = State.AWAITING_RESPONSE;
    private boolean requestSent;
    private ScheduledFuture<?> deadline;
    private String subprotocol;

    /**
     * @param handshake  this connection attempt's request and checks
     * @param limits     head-size limit, handshake timeout, and the frame handler's limits
     * @param maskRandom the masking-key source of the frame handler (SecureRandom in production)
     */
    public ClientHandshakeHandler(ClientHandshake handshake, WebSocketLimits limits, Random maskRandom) {
        this.handshake = handshake;
        this.limits = limits;
        this.maskRandom = maskRandom;
        this.parser = new HttpHeadParser(limits.maxHeadBytes());
    }

    /** @return the installed frame handler once the server accepted; errors with a {@link HandshakeFailure} */
    public Mono<WebSocketFrameHandler> upgraded() {
        return upgraded.asMono();
    }

    /** @return the subprotocol the server selected, null for none (or before the upgrade) */
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            fail(ctx, new HandshakeFailure(Kind.TIMEOUT, 0, "no handshake response within " + limits.handshakeTimeout()));
        }, limits.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
        // Reactor Netty starts connections with auto-read off until someone reads; the handshake must read.
        ctx.channel().config().setAutoRead(true);
        if (ctx.channel().isActive()) {
            sendRequest(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sendRequest(ctx);
        super.channelActive(ctx);
    }

    private void sendRequest(ChannelHandlerContext ctx) {
        if (!requestSent) {
            requestSent = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(handshake.request()));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state != State.AWAITING_RESPONSE) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            HttpHead response = parser.parseResponse(in);
            if (response == null) {
                return;
            }
            subprotocol = handshake.validate(response);
        } catch (HttpHeadException e) {
            fail(ctx, new HandshakeFailure(Kind.MALFORMED_RESPONSE, 0, e.getMessage()));
            return;
        } catch (HandshakeFailure e) {
            fail(ctx, e);
            return;
        }
        state = State.UPGRADED;
        deadline.cancel(false);
        WebSocketFrameHandler frames = new WebSocketFrameHandler(Role.CLIENT, limits, maskRandom);
        ctx.pipeline().addAfter(ctx.name(), HandlerNames.FRAME_HANDLER, frames)
                .addAfter(HandlerNames.FRAME_HANDLER, HandlerNames.FRAME_WRITER, frames.writer());
        ctx.pipeline().remove(this);
        upgraded.tryEmitValue(frames);
    }

    private void fail(ChannelHandlerContext ctx, HandshakeFailure failure) {
        if (state != State.AWAITING_RESPONSE) {
            return;
        }
        state = State.FAILED;
        if (deadline != null) {
            deadline.cancel(false);
        }
        upgraded.tryEmitError(failure);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, new HandshakeFailure(Kind.CONNECTION_CLOSED, 0, "connection closed during the handshake"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new HandshakeFailure(Kind.CONNECTION_CLOSED, 0, "connection failed during the handshake: " + cause));
    }
}
