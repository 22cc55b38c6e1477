package pricefeed.core.ws.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.CloseStatus.Initiator;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.core.ws.testing.Hex;
import pricefeed.core.ws.testing.RawFrames;
import pricefeed.core.ws.testing.StarvedAllocator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class WebSocketFrameHandlerTest {

    private static final Duration CLOSE_TIMEOUT = Duration.ofMillis(100);
    private static final WebSocketLimits LIMITS = WebSocketLimits.DEFAULTS.withMaxMessageBytes(4096)
            .withCloseTimeout(CLOSE_TIMEOUT);
    private static final int KEY = 0x11223344;

    /** Counts every buffer the handler allocates or is handed, so the test sees anything left unreleased. */
    private final CountingAllocator counting = new CountingAllocator();
    private WebSocketFrameHandler handler;
    private EmbeddedChannel channel;

    private void start(Role role) {
        start(role, new ChannelHandler[0]);
    }

    /** @param socketSide handlers between ours and the socket, e.g. a {@link StuckSocket} */
    private void start(Role role, ChannelHandler... socketSide) {
        handler = new WebSocketFrameHandler(role, LIMITS, new Random(1));
        List<ChannelHandler> handlers = new ArrayList<>(List.of(socketSide));
        handlers.add(handler);
        handlers.add(handler.writer());
        channel = new EmbeddedChannel(handlers.toArray(new ChannelHandler[0]));
        channel.config().setAllocator(counting.alloc());
        channel.freezeTime();
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
        counting.assertAllReleased();
    }

    private void receive(byte[] bytes) {
        channel.writeInbound(counting.alloc().buffer(bytes.length).writeBytes(bytes));
    }

    private static RawFrames masked(int opcode) {
        return RawFrames.frame(opcode).mask(KEY);
    }

    /** @return the hex of the next outbound buffer, released */
    private String sent() {
        ByteBuf out = channel.readOutbound();
        assertNotNull(out, "nothing was sent");
        try {
            return Hex.of(out);
        } finally {
            assertTrue(out.release());
        }
    }

    private CloseStatus status() {
        return handler.onClose().block(Duration.ofSeconds(1));
    }

    @Test
    void dataMessagesGoDownstream() {
        start(Role.SERVER);
        receive(RawFrames.concat(masked(0x1).payload("hello").bytes(),
                masked(0x2).fin(false).payloadHex("0102").bytes(), masked(0x0).payloadHex("03").bytes()));

        WsMessage text = channel.readInbound();
        assertTrue(text.isText());
        assertEquals("hello", text.contentAsString());
        assertTrue(text.release());
        WsMessage binary = channel.readInbound();
        assertFalse(binary.isText());
        assertEquals("010203", Hex.of(binary.content()));
        assertTrue(binary.release());
        assertNull(channel.readOutbound());
        assertTrue(handler.isOpen());
    }

    @Test
    void aReceiverTakesMessagesFromWhenItIsSetAndEachIsReleasedAfterIt() {
        start(Role.SERVER);
        receive(masked(0x1).payload("before").bytes());
        List<String> received = new ArrayList<>();
        handler.receiveWith((payload, text) -> received.add((text ? "text " : "binary ") + Hex.of(payload)));
        receive(RawFrames.concat(masked(0x1).payload("hi").bytes(), masked(0x2).fin(false).payloadHex("01").bytes(),
                masked(0x9).payload("p").bytes(), masked(0x0).payloadHex("02").bytes()));

        WsMessage before = channel.readInbound();
        assertEquals("before", before.contentAsString(), "decoded before the receiver was set: down the pipeline");
        assertTrue(before.release());
        assertNull(channel.readInbound(), "nothing else goes down the pipeline");
        assertEquals(List.of("text " + Hex.of("hi".getBytes()), "binary 0102"), received);
        assertEquals("8a0170", sent(), "control frames are still the handler's");
        // finish() checks that every payload was released once the receiver returned
    }

    @Test
    void aReceiverGetsNothingAfterOurCloseFrame() {
        start(Role.SERVER);
        List<String> received = new ArrayList<>();
        handler.receiveWith((payload, text) -> {
            received.add(payload.toString(StandardCharsets.UTF_8));
            handler.close(CloseCode.NORMAL, "enough");
        });
        receive(RawFrames.concat(masked(0x1).payload("one").bytes(), masked(0x1).payload("two").bytes()));
        assertEquals(List.of("one"), received, "a message after our close frame is discarded");
        assertEquals("880803e8" + Hex.of("enough".getBytes()), sent());
    }

    @Test
    void aReceiverThatThrowsClosesWith1011AndGetsNothingMore() {
        start(Role.SERVER);
        List<String> received = new ArrayList<>();
        handler.receiveWith((payload, text) -> {
            received.add(payload.toString(StandardCharsets.UTF_8));
            throw new IllegalStateException("a bug (expected by the test)");
        });
        receive(RawFrames.concat(masked(0x1).payload("one").bytes(), masked(0x1).payload("two").bytes()));
        assertEquals(List.of("one"), received, "the message after it in the same read is dropped");
        assertEquals("881003f3" + Hex.of("internal error".getBytes()), sent());
        assertNull(channel.readOutbound(), "one close frame");
        assertFalse(channel.isOpen());
        assertEquals(new CloseStatus(1011, "internal error", Initiator.LOCAL, false), status());
    }

    @Test
    void pingIsAnsweredAtOnceWithTheSamePayload() {
        start(Role.SERVER);
        receive(masked(0x9).payload("abc").bytes());
        assertEquals("8a03616263", sent());
        assertNull(channel.readInbound());
    }

    @Test
    void everyPingGetsItsPongWhenTheSocketTakesThem() {
        start(Role.SERVER);
        receive(RawFrames.concat(masked(0x9).payload("a").bytes(), masked(0x9).payload("b").bytes(),
                masked(0x9).payload("c").bytes()));
        assertEquals("8a0161", sent());
        assertEquals("8a0162", sent());
        assertEquals("8a0163", sent());
        assertNull(channel.readOutbound());
    }

    /** Holds every write, promise pending, until the test lets one through: a socket the peer does not read. */
    private static final class StuckSocket extends ChannelOutboundHandlerAdapter {
        private final ArrayDeque<Object> held = new ArrayDeque<>();
        private final ArrayDeque<ChannelPromise> promises = new ArrayDeque<>();
        private ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            held.add(msg);
            promises.add(promise);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) {
            // nothing reaches the socket until let through
        }

        int held() {
            return held.size();
        }

        /** The oldest held write reaches the socket; its promise completes. */
        void letOneThrough() {
            ctx.writeAndFlush(held.poll(), promises.poll());
        }
    }

    @Test
    void pingsWhileAPongWaitsForTheSocketGetOnePongAfterItWithTheNewestPayload() {
        StuckSocket socket = new StuckSocket();
        start(Role.SERVER, socket);
        for (int i = 0; i < 1000; i++) {
            receive(masked(0x9).payload("p" + i).bytes());
        }
        assertEquals(1, socket.held(), "one pong queued for 1000 pings, not 1000");
        socket.letOneThrough();
        assertEquals("8a027030", sent(), "the first ping's pong");
        assertEquals(1, socket.held(), "then one pong for the pings that came while it waited");
        socket.letOneThrough();
        assertEquals("8a0470393939", sent(), "with the newest payload, p999");
        assertEquals(0, socket.held(), "nothing more owed");

        receive(masked(0x9).payload("again").bytes());
        socket.letOneThrough();
        assertEquals("8a05" + Hex.of("again".getBytes()), sent(), "a later ping is answered at once again");
    }

    @Test
    void noPingOfOursPilesUpWhileTheLastOneWaitsForTheSocket() {
        StuckSocket socket = new StuckSocket();
        start(Role.SERVER, socket);
        handler.ping(counting.alloc().buffer(1).writeByte('p'));
        ByteBuf skipped = counting.alloc().buffer(1).writeByte('q');
        handler.ping(skipped);
        assertEquals(1, socket.held(), "the second ping is skipped while the first waits");
        assertEquals(0, skipped.refCnt());
        socket.letOneThrough();
        assertEquals("890170", sent());
        handler.ping(counting.alloc().buffer(1).writeByte('r'));
        socket.letOneThrough();
        assertEquals("890172", sent(), "once it is out, the next ping goes");
    }

    @Test
    void noHeldBackPongAfterTheCloseHandshakeStarts() {
        StuckSocket socket = new StuckSocket();
        start(Role.SERVER, socket);
        receive(masked(0x9).payload("a").bytes());
        receive(masked(0x9).payload("b").bytes()); // held back behind a's pong
        receive(masked(0x8).payloadHex("03e8").bytes()); // the peer closes: its close is answered
        assertEquals(2, socket.held());
        socket.letOneThrough();
        assertEquals("8a0161", sent());
        assertEquals(1, socket.held(), "only our close answer is left; b's pong is dropped");
        socket.letOneThrough();
        assertEquals("880203e8", sent());
        assertEquals(0, socket.held());
    }

    @Test
    void peerCloseIsAnsweredWithItsCodeThenTcpEnds() {
        start(Role.SERVER);
        receive(masked(0x8).payloadHex("0bb8" + Hex.of("bye".getBytes())).bytes());
        assertEquals("88020bb8", sent());
        assertFalse(channel.isOpen(), "the server ends TCP once both closes crossed");
        assertEquals(new CloseStatus(3000, "bye", Initiator.REMOTE, true), status());
    }

    @Test
    void aPeerCloseReadWithAMessageThatMadeTheApplicationCloseIsNoError() {
        start(Role.SERVER);
        // The application closes the channel on the message; the peer's close came in the same read.
        channel.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                ((WsMessage) msg).release();
                ctx.close();
            }
        });
        receive(RawFrames.concat(masked(0x1).payload("bye").bytes(), masked(0x8).payloadHex("03e8").bytes()));
        channel.runPendingTasks();
        channel.checkException(); // the deferred answer to the peer's close must not throw on a closed channel
        assertFalse(channel.isOpen());
    }

    @Test
    void closeCallbacksRunOnceEachInOrderAndLateOnesRunAtOnce() {
        start(Role.SERVER);
        java.util.List<String> seen = new java.util.ArrayList<>();
        handler.whenClosed(status -> seen.add("first " + status.code()));
        handler.whenClosed(status -> seen.add("second " + status.code()));
        assertEquals(java.util.List.of(), seen);

        receive(masked(0x8).payloadHex("03e8").bytes());
        sent();
        assertEquals(java.util.List.of("first 1000", "second 1000"), seen);

        handler.whenClosed(status -> seen.add("late " + status.code()));
        assertEquals(java.util.List.of("first 1000", "second 1000", "late 1000"), seen);
        channel.close();
        assertEquals(3, seen.size(), "nothing runs twice");
        assertEquals(1000, status().code(), "onClose() after the fact still emits");
    }

    @Test
    void peerCloseWithoutCodeIsAnsweredWith1000() {
        start(Role.SERVER);
        receive(masked(0x8).bytes());
        assertEquals("880203e8", sent());
        assertEquals(new CloseStatus(1005, "", Initiator.REMOTE, true), status());
    }

    @Test
    void violationSendsItsCloseCodeOnceThenCloses() {
        start(Role.SERVER);
        receive(RawFrames.concat(RawFrames.frame(0x1).payload("unmasked").bytes(), masked(0x1).payload("x").bytes()));
        String close = sent();
        assertTrue(close.startsWith("88"), close);
        assertEquals("03ea", close.substring(4, 8), "1002");
        assertNull(channel.readOutbound(), "exactly one close frame");
        assertNull(channel.readInbound(), "input after the violation is dropped");
        assertFalse(channel.isOpen());
        CloseStatus status = status();
        assertEquals(1002, status.code());
        assertEquals(Initiator.LOCAL, status.initiator());
        assertFalse(status.reason().isEmpty());
    }

    @Test
    void ourCloseRefusesOutputAndEndsWhenThePeerAnswers() {
        start(Role.SERVER);
        handler.close(CloseCode.GOING_AWAY, "going");
        channel.runPendingTasks();
        assertEquals("880703e9" + Hex.of("going".getBytes()), sent());
        assertFalse(handler.isOpen());

        WsMessage late = WsMessage.text("late");
        ChannelFuture write = channel.writeOneOutbound(late);
        channel.flushOutbound();
        assertSame(OutputClosedException.INSTANCE, write.cause());
        assertEquals(0, late.refCnt(), "a refused message is released");
        assertNull(channel.readOutbound());

        receive(masked(0x1).payload("still coming").bytes());
        assertNull(channel.readInbound(), "data after our close is discarded");

        receive(masked(0x8).payloadHex("03e9").bytes());
        assertFalse(channel.isOpen());
        assertEquals(new CloseStatus(1001, "going", Initiator.LOCAL, true), status());
    }

    @Test
    void ourCloseEndsTcpAfterTheTimeoutWhenThePeerIsSilent() {
        start(Role.SERVER);
        handler.close(CloseCode.NORMAL, "");
        assertEquals("880203e8", sent());
        channel.advanceTimeBy(CLOSE_TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertTrue(channel.isOpen());
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals(new CloseStatus(1000, "", Initiator.LOCAL, false), status());
    }

    /**
     * With the direct memory used up there is no buffer for a close frame: TCP ends at once. A close that
     * threw here left the connection open with no deadline, holding its memory.
     */
    @Test
    void withNoMemoryForTheCloseFrameTcpEndsAtOnce() {
        start(Role.SERVER);
        channel.config().setAllocator(new StarvedAllocator(true));
        handler.close(CloseCode.POLICY_VIOLATION, "slow consumer");
        channel.runPendingTasks();
        assertNull(channel.readOutbound());
        assertFalse(channel.isOpen());
    }

    @Test
    void eofInTheMiddleOfAMessageIs1006WithoutAFrame() {
        start(Role.SERVER);
        receive(masked(0x1).fin(false).payload("part").bytes());
        channel.close();
        assertNull(channel.readOutbound());
        assertEquals(new CloseStatus(1006, "connection closed in the middle of a message", Initiator.REMOTE, false),
                status());
    }

    @Test
    void anUnexpectedErrorClosesWith1011() {
        start(Role.SERVER);
        channel.pipeline().fireExceptionCaught(new IllegalStateException("a bug (expected by the test)"));
        assertEquals("881003f3" + Hex.of("internal error".getBytes()), sent());
        assertFalse(channel.isOpen());
        assertEquals(new CloseStatus(1011, "internal error", Initiator.LOCAL, false), status());
    }

    @Test
    void anIoErrorDropsTheConnectionWithoutAFrame() {
        start(Role.SERVER);
        channel.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset by peer"));
        assertNull(channel.readOutbound());
        assertFalse(channel.isOpen());
        assertEquals(new CloseStatus(1006, "Connection reset by peer", Initiator.REMOTE, false), status());
    }

    @Test
    void writerEncodesMessagesAndPassesEncodedFrames() {
        start(Role.SERVER);
        channel.writeOutbound(WsMessage.text("hi"));
        assertEquals("81026869", sent());

        byte[] big = new byte[2000];
        new Random(5).nextBytes(big);
        WsMessage message = WsMessage.binary(counting.alloc().buffer(big.length).writeBytes(big));
        channel.writeOutbound(message);
        assertEquals("827e07d0" + Hex.of(big), sent());
        assertEquals(0, message.refCnt());

        channel.writeOutbound(Unpooled.wrappedBuffer(Hex.bytes("8100")));
        assertEquals("8100", sent());
    }

    @Test
    void pingFromTheApplication() {
        start(Role.SERVER);
        ByteBuf payload = counting.alloc().buffer(1).writeByte('p');
        handler.ping(payload);
        assertEquals("890170", sent());
        assertEquals(0, payload.refCnt());
    }

    @Test
    void ownMisuseIsRefused() {
        start(Role.SERVER);
        assertThrows(IllegalArgumentException.class, () -> handler.close(CloseCode.ABNORMAL, ""));
        assertThrows(IllegalArgumentException.class, () -> handler.close(CloseCode.NORMAL, "r".repeat(124)));
    }

    @Test
    void clientMasksAndWaitsForTheServerToEndTcp() {
        start(Role.CLIENT);
        channel.writeOutbound(WsMessage.text("hi"));
        String frame = sent();
        assertEquals("8182", frame.substring(0, 4), "masked, 2 bytes");

        receive(RawFrames.frame(0x8).payloadHex("03e8").bytes());
        String answer = sent();
        assertEquals("8882", answer.substring(0, 4), "a masked close with a code");
        assertTrue(channel.isOpen(), "the client gives the server time to close first");
        channel.advanceTimeBy(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertFalse(channel.isOpen());
        assertEquals(new CloseStatus(1000, "", Initiator.REMOTE, true), status());
    }

    @Test
    void clientRefusesMaskedServerFrames() {
        start(Role.CLIENT);
        receive(masked(0x1).payload("x").bytes());
        byte[] close = Hex.bytes(sent());
        assertEquals((byte) 0x88, close[0]);
        assertEquals(0x80, close[1] & 0x80, "masked");
        assertEquals(1002, status().code());
    }
}
