package pricefeed.core.ws.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.CloseStatus.Initiator;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.core.ws.testing.Hex;
import pricefeed.core.ws.testing.LeakWatch;
import pricefeed.core.ws.testing.RawFrames;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What {@link WebSocketFrameHandler} counts in a shared {@link InboundMemory}: the capacity of the buffers that
 * hold a connection's unfinished input, after each read, given back when the input completes or the
 * connection goes; and the 1013 close of the connection whose read takes the total over the bound.
 */
@ExtendWith(LeakWatch.class)
class InboundMemoryTest {

    private static final WebSocketLimits LIMITS = WebSocketLimits.DEFAULTS.withMaxMessageBytes(4096)
            .withCloseTimeout(Duration.ofMillis(100));
    private static final int KEY = 0x11223344;

    private final CountingAllocator counting = new CountingAllocator();
    private final List<EmbeddedChannel> channels = new ArrayList<>();
    private final Map<EmbeddedChannel, WebSocketFrameHandler> handlers = new HashMap<>();

    @AfterEach
    void finish() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
        counting.assertAllReleased();
    }

    private EmbeddedChannel connection(InboundMemory memory) {
        WebSocketFrameHandler handler = new WebSocketFrameHandler(Role.SERVER, LIMITS, null, memory);
        EmbeddedChannel channel = new EmbeddedChannel(handler, handler.writer());
        channel.config().setAllocator(counting.alloc());
        channel.freezeTime();
        channels.add(channel);
        handlers.put(channel, handler);
        return channel;
    }

    /** Hands over the bytes in one buffer of exactly their size, as one read. */
    private void receive(EmbeddedChannel channel, byte[] bytes) {
        channel.writeInbound(counting.alloc().buffer(bytes.length, bytes.length).writeBytes(bytes));
    }

    private static RawFrames masked(int opcode) {
        return RawFrames.frame(opcode).mask(KEY);
    }

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    private static String nextText(EmbeddedChannel channel) {
        WsMessage message = channel.readInbound();
        assertNotNull(message, "no message was delivered");
        try {
            return message.contentAsString();
        } finally {
            message.release();
        }
    }

    private static String sent(EmbeddedChannel channel) {
        ByteBuf out = channel.readOutbound();
        assertNotNull(out, "nothing was sent");
        try {
            return Hex.of(out);
        } finally {
            out.release();
        }
    }

    private CloseStatus status(EmbeddedChannel channel) {
        return handlers.get(channel).onClose().block(Duration.ofSeconds(1));
    }

    /** @return the hex of a close frame with that code and reason, as the server sends it */
    private static String closeFrame(String codeHex, String reason) {
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        return "88" + Hex.of(new byte[] {(byte) (2 + utf8.length)}) + codeHex + Hex.of(utf8);
    }

    @Test
    void aPartialFrameCountsTheBufferItWaitsInUntilItCompletes() {
        InboundMemory memory = InboundMemory.ofBytes(1 << 20);
        EmbeddedChannel channel = connection(memory);
        byte[] frame = masked(0x1).payload(payload(300)).bytes();

        receive(channel, Arrays.copyOf(frame, 100));
        assertEquals(100, memory.held(), "the read's buffer holds the partial frame");
        assertNull(channel.readInbound());

        receive(channel, Arrays.copyOfRange(frame, 100, frame.length));
        assertEquals(300, nextText(channel).length());
        assertEquals(0, memory.held(), "a whole frame holds nothing");
    }

    @Test
    void fragmentsJoinedSoFarCountUntilTheMessageEnds() {
        InboundMemory memory = InboundMemory.ofBytes(1 << 20);
        EmbeddedChannel channel = connection(memory);

        receive(channel, masked(0x1).fin(false).payload(payload(100)).bytes());
        // The assembler reserves room for four fragments of the first one's size: that is what it takes.
        assertEquals(400, memory.held());
        receive(channel, masked(0x0).fin(false).payload(payload(100)).bytes());
        assertEquals(400, memory.held(), "the same buffer: no change");

        receive(channel, masked(0x0).payload(payload(100)).bytes());
        assertEquals(300, nextText(channel).length());
        assertEquals(0, memory.held(), "the whole message went downstream and took its buffer with it");
    }

    @Test
    void aConnectionClosedMidMessageGivesBackWhatItHeldOnce() {
        InboundMemory memory = InboundMemory.ofBytes(1 << 20);
        EmbeddedChannel joining = connection(memory);
        EmbeddedChannel partial = connection(memory);

        receive(joining, masked(0x1).fin(false).payload(payload(100)).bytes());
        byte[] frame = masked(0x2).payload(payload(300)).bytes();
        receive(partial, Arrays.copyOf(frame, 50));
        assertEquals(450, memory.held());

        joining.close();
        assertEquals(50, memory.held(), "the closed connection's 400 bytes, given back");
        joining.finishAndReleaseAll();
        assertEquals(50, memory.held(), "given back once");

        partial.close();
        assertEquals(0, memory.held());
    }

    @Test
    void theReadThatPassesTheBoundClosesWith1013AfterTheMessagesBeforeIt() {
        InboundMemory memory = InboundMemory.ofBytes(600);
        EmbeddedChannel kept = connection(memory);
        EmbeddedChannel refused = connection(memory);
        receive(kept, masked(0x1).fin(false).payload(payload(100)).bytes());
        assertEquals(400, memory.held());

        // One read: a whole message, then a fragment whose 400-byte buffer takes the total to 800.
        receive(refused, RawFrames.concat(masked(0x1).payload("first").bytes(),
                masked(0x1).fin(false).payload(payload(100)).bytes()));

        assertEquals("first", nextText(refused), "the message before the fragment is delivered");
        assertNull(refused.readInbound());
        assertEquals(closeFrame("03f5", InboundMemory.BUSY_REASON), sent(refused));
        assertNull(refused.readOutbound(), "exactly one close frame");
        assertFalse(refused.isOpen());
        assertEquals(new CloseStatus(1013, InboundMemory.BUSY_REASON, Initiator.LOCAL, false), status(refused));
        assertEquals(400, memory.held(), "the refused connection's fragment is freed at once");

        assertTrue(kept.isOpen(), "the connection already holding its fragment is not the one refused");
        receive(kept, masked(0x0).payload(payload(100)).bytes());
        assertEquals(200, nextText(kept).length());
        assertEquals(0, memory.held());
    }

    @Test
    void aRefusedPartialFrameIsGivenBackWhenTheChannelGoes() {
        InboundMemory memory = InboundMemory.ofBytes(99);
        EmbeddedChannel channel = connection(memory);
        byte[] frame = masked(0x2).payload(payload(300)).bytes();

        receive(channel, Arrays.copyOf(frame, 100));

        assertEquals(closeFrame("03f5", InboundMemory.BUSY_REASON), sent(channel));
        assertTrue(memory.held() <= 100, "counted once at most: " + memory);
        channel.finishAndReleaseAll();
        assertEquals(0, memory.held());
        assertEquals(1013, status(channel).code());
    }

    @Test
    void wholeMessagesNeverAskForMemoryAndTheFirstPartialFrameDoes() {
        // With a bound of 0, any growth of the count closes the connection.
        InboundMemory memory = InboundMemory.ofBytes(0);
        EmbeddedChannel channel = connection(memory);

        receive(channel, masked(0x1).payload("one").bytes());
        receive(channel, RawFrames.concat(masked(0x1).payload("two").bytes(), masked(0x9).payload("p").bytes(),
                masked(0x2).payload(payload(3000)).bytes()));

        assertEquals("one", nextText(channel));
        assertEquals("two", nextText(channel));
        WsMessage binary = channel.readInbound();
        assertEquals(3000, binary.content().readableBytes());
        binary.release();
        assertEquals("8a0170", sent(channel), "the pong, and no close frame");
        assertTrue(channel.isOpen());

        // Header, masking key and one payload byte of "four": the byte waits in the read's buffer.
        receive(channel, RawFrames.concat(masked(0x1).payload("three").bytes(),
                Arrays.copyOf(masked(0x1).payload("four").bytes(), 7)));
        assertEquals("three", nextText(channel));
        assertEquals(closeFrame("03f5", InboundMemory.BUSY_REASON), sent(channel));
    }
}
