package pricefeed.simulator.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.handshake.ClientHandshake;
import pricefeed.core.ws.handshake.HandshakeFailure;
import pricefeed.core.ws.netty.ClientHandshakeHandler;
import pricefeed.core.ws.netty.HandlerNames;
import pricefeed.core.ws.netty.WebSocketFrameHandler;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.regex.Pattern;

/**
 * One client connection of a load test, and the last handler of its pipeline: its life as an explicit
 * {@link State} machine. It connects, runs our client handshake, subscribes (unless idle), then hands every
 * message to its {@link MessageTally}. A stalling client turns reading off after {@code stallAfter} and
 * probes with pings, so that a server that dropped it answers with a reset; at the end of the run it reads
 * its backlog to find a close frame. Everything after {@link #start} runs on the channel's event loop,
 * except the connect-failure callback and {@link #abandon}: these race the connect, so they and the connect
 * leave {@link State#CONNECTING} by compare-and-set, and only the winner counts the connection.
 */
final class LoadConnection extends ChannelInboundHandlerAdapter {

    /** Reason recorded for a connection that was still connecting when the run ended. */
    static final String NOT_OPEN_AT_END = "not open when the run ended";

    /** The native transport's prefix naming the system call: "finishConnect(..) failed with error(-111): ". */
    private static final Pattern NATIVE_CALL_PREFIX =
            Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

    enum State {
        /** Created, not started. */
        NEW,
        /** TCP connect in progress. */
        CONNECTING,
        /** TCP up, WebSocket handshake in progress. */
        HANDSHAKING,
        /** Reading (idle connections: open and silent). */
        OPEN,
        /** Not reading, probing for a drop with pings. */
        STALLED,
        /** Run over: a stalled client reading its backlog to find out how it ended. */
        DRAINING,
        /** We started closing: what follows is not counted. */
        CLOSING,
        /** The connection ended. */
        CLOSED,
        /** Never opened. */
        FAILED
    }

    private static final AtomicReferenceFieldUpdater<LoadConnection, State> STATE =
            AtomicReferenceFieldUpdater.newUpdater(LoadConnection.class, State.class, "state");

    private final ClientKind kind;
    private final RunContext run;
    private final MessageTally tally;

    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile State state = State.NEW;
    private LoopContext loop;
    private Channel channel;
    private WebSocketFrameHandler frames;
    private long readMicros;
    private long stalledAtNanos;
    private ScheduledFuture<?> probe;

    /**
     * @param kind what this connection does
     * @param run  what the run's connections share
     */
    LoadConnection(ClientKind kind, RunContext run) {
        this.kind = kind;
        this.run = run;
        this.tally = new MessageTally(run.plan().throttleMs() > 0, run.census());
    }

    /**
     * Starts connecting; call once.
     *
     * @param client the run's TCP client (address, loops, options)
     */
    void start(TcpClient client) {
        if (state != State.NEW) {
            throw new IllegalStateException("already started: " + state);
        }
        state = State.CONNECTING;
        run.census().attempted();
        client.doOnConnected(this::attach)
                .connect()
                .subscribe(c -> { }, this::connectFailed);
    }

    /** @param micros when the bytes now being decoded were read from the socket */
    void stamp(long micros) {
        readMicros = micros;
    }

    private void attach(Connection c) {
        if (!STATE.compareAndSet(this, State.CONNECTING, State.HANDSHAKING)) {
            c.channel().close(); // abandoned while connecting, and already counted as failed
            return;
        }
        channel = c.channel();
        loop = run.loops().of(channel.eventLoop());
        loop.register(this);
        if (run.finishing().get()) {
            state = State.FAILED;
            channel.close();
            end(() -> run.census().failed(NOT_OPEN_AT_END));
            return;
        }
        ClientHandshakeHandler upgrade = new ClientHandshakeHandler(
                new ClientHandshake(kind == ClientKind.IDLE ? run.plan().idleUrl() : run.plan().url(),
                        LoadConstants.SUBPROTOCOLS, null, run.masks()), run.limits(),
                run.masks());
        // Frame handler and writer go in right behind the handshake handler, so in front of this one.
        c.addHandlerLast(LoadConstants.READ_STAMP, new ReadStamp(this))
                .addHandlerLast(HandlerNames.CLIENT_HANDSHAKE, upgrade)
                .addHandlerLast(LoadConstants.CLIENT, this);
        upgrade.upgraded().subscribe(this::upgraded, this::handshakeFailed);
    }

    private void connectFailed(Throwable e) {
        if (STATE.compareAndSet(this, State.CONNECTING, State.FAILED)) {
            end(() -> run.census().failed(reasonOf(e)));
        }
    }

    private void handshakeFailed(Throwable e) {
        String reason = state == State.CLOSING ? NOT_OPEN_AT_END : reasonOf(e);
        state = State.FAILED;
        end(() -> run.census().failed(reason));
    }

    private void upgraded(WebSocketFrameHandler handler) {
        frames = handler;
        frames.receiveWith(this::received);
        state = State.OPEN;
        run.census().opened(kind);
        frames.whenClosed(this::closed);
        if (kind != ClientKind.IDLE) {
            channel.writeAndFlush(WsMessage.text(Unpooled.wrappedBuffer(run.subscribe())));
        }
        if (kind == ClientKind.STALLER) {
            channel.eventLoop().schedule(this::stall, run.plan().stallAfter().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void stall() {
        if (state != State.OPEN) {
            return;
        }
        state = State.STALLED;
        stalledAtNanos = System.nanoTime();
        channel.config().setAutoRead(false);
        run.census().stalled();
        long every = LoadConstants.STALL_PROBE_INTERVAL.toNanos();
        probe = channel.eventLoop().scheduleAtFixedRate(this::probe, every, every, TimeUnit.NANOSECONDS);
    }

    private void probe() {
        if (state == State.STALLED && frames.isOpen()) {
            frames.ping(Unpooled.EMPTY_BUFFER);
        }
    }

    /** The run is over: close, or (stalled) start reading the backlog. Event loop only. */
    void finish() {
        switch (state) {
            case OPEN -> closeNormally();
            case STALLED -> {
                state = State.DRAINING;
                probe.cancel(false);
                channel.config().setAutoRead(true);
                channel.read();
            }
            case HANDSHAKING -> {
                state = State.CLOSING;
                channel.close();
            }
            default -> {
            }
        }
    }

    /** The backlog had its time: a stalled client still open was not dropped. Event loop only. */
    void stopDraining() {
        if (state == State.DRAINING) {
            closeNormally();
        }
    }

    /** @return whether this is a stalled client still reading its backlog; event loop only */
    boolean isDraining() {
        return state == State.DRAINING;
    }

    private void closeNormally() {
        state = State.CLOSING;
        frames.close(CloseCode.NORMAL, LoadConstants.DONE_REASON);
    }

    private void closed(CloseStatus status) {
        State was = state;
        state = State.CLOSED;
        if (probe != null) {
            probe.cancel(false);
        }
        if (was == State.STALLED || was == State.DRAINING) {
            long after = System.nanoTime() - stalledAtNanos;
            end(() -> run.census().stalledDropped(status, after));
        } else {
            Census.Ending ending = was == State.CLOSING ? Census.Ending.RUN_OVER
                    : status.initiator() == CloseStatus.Initiator.LOCAL && isServerFault(status.code())
                    ? Census.Ending.PROTOCOL_ERROR : Census.Ending.DROPPED;
            end(() -> run.census().closed(kind, ending, status.code()));
        }
    }

    /** @return whether we close with this code because of what the server sent (RFC 6455 §7.4.1) */
    private static boolean isServerFault(int code) {
        return code == CloseCode.PROTOCOL_ERROR.code() || code == CloseCode.INVALID_PAYLOAD.code()
                || code == CloseCode.MESSAGE_TOO_BIG.code();
    }

    private void end(Runnable count) {
        if (!ended.isDone()) {
            count.run();
            ended.complete(null);
        }
    }

    /** @return completes once the connection failed, closed or was abandoned */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * The run ended: a connection never started never will be, and one still connecting failed (a connect
     * that completes later is closed at once; one that fails later is not counted again). Not while it may
     * start.
     */
    void abandon() {
        if (state == State.NEW) {
            state = State.FAILED;
            end(() -> run.census().notStarted());
        } else if (STATE.compareAndSet(this, State.CONNECTING, State.FAILED)) {
            end(() -> run.census().failed(NOT_OPEN_AT_END));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WsMessage)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        WsMessage message = (WsMessage) msg;
        try {
            received(message.content(), message.isText());
        } finally {
            message.release();
        }
    }

    /** A message, from the frame handler itself once upgraded (then no object per message), else the pipeline. */
    private void received(ByteBuf payload, boolean text) {
        tally.add(payload, text, loop, mode(), readMicros);
    }

    /**
     * How a message read now counts: a stalled client's reads are backlog; an idle connection's (a server
     * pushing unasked) and any after our close, nothing.
     */
    private MessageTally.Mode mode() {
        if (kind == ClientKind.IDLE) {
            return MessageTally.Mode.IGNORED;
        }
        return switch (state) {
            case STALLED, DRAINING -> MessageTally.Mode.BACKLOG;
            case CLOSING, CLOSED, FAILED -> MessageTally.Mode.IGNORED;
            default -> MessageTally.Mode.DELIVERED;
        };
    }

    private static String reasonOf(Throwable e) {
        if (e instanceof HandshakeFailure) {
            return "handshake failed: " + e.getMessage();
        }
        if (e.getMessage() == null) {
            return e.getClass().getSimpleName();
        }
        return NATIVE_CALL_PREFIX.matcher(e.getMessage()).replaceFirst("");
    }
}
