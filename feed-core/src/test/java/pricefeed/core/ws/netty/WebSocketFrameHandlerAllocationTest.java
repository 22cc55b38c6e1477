package pricefeed.core.ws.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.testing.LeakWatch;
import pricefeed.core.ws.testing.SteadyAllocation;
import pricefeed.core.ws.testing.TickFrames;

/**
 * What the client role's frame handler allocates per server message, reads in pooled buffers on an event-loop
 * thread as the load client has them. Down the pipeline each message is a {@code WsMessage}, 24 bytes, which
 * at 1.6 M messages a second was a young collection of the load client every 7 s; a {@link MessageReceiver}
 * takes the same messages with nothing made per message.
 */
class WebSocketFrameHandlerAllocationTest {

    private static final int FRAMES = 4_000;
    /**
     * Whole frames per read, as the server writes them, and many: without {@code Unsafe} (Java 24 and later by
     * default) Netty makes a NIO view of each new read buffer, about 165 bytes per read, which with ten reads a
     * round stays below the per-message bound.
     */
    private static final int READ_BYTES = 400 * TickFrames.FRAME_BYTES;

    @Test
    void aReceiverTakesMessagesWithNothingAllocatedPerMessage() throws InterruptedException {
        long allocated = steadyBytesPerRound(true);
        assertTrue(allocated < FRAMES, "the receiver path allocated " + allocated + " bytes over " + FRAMES
                + " messages");
    }

    /** The contrast that shows the measurement sees a per-message object at all. */
    @Test
    void downThePipelineEachMessageIsAnObject() throws InterruptedException {
        long allocated = steadyBytesPerRound(false);
        assertTrue(allocated >= 16L * FRAMES, "the pipeline path allocated " + allocated + " bytes over " + FRAMES
                + " messages");
    }

    /** @return the bytes one round of {@link #FRAMES} messages allocated once compiled, on a Netty thread */
    private static long steadyBytesPerRound(boolean receiver) throws InterruptedException {
        return SteadyAllocation.onNettyThread(() -> {
            long[] allocated = new long[1];
            // Bare buffers: the leak detector's traces would allocate on every access.
            LeakWatch.untracked(() -> allocated[0] = measure(receiver));
            return allocated[0];
        });
    }

    private static long measure(boolean receiver) {
        PooledByteBufAllocator allocator = new PooledByteBufAllocator(true);
        ByteBuf frames = TickFrames.encoded(allocator, WebSocketProtocol.OPCODE_TEXT, FRAMES);
        int[] delivered = {0};
        WebSocketFrameHandler handler = new WebSocketFrameHandler(Role.CLIENT, WebSocketLimits.DEFAULTS, new Random(1));
        EmbeddedChannel channel = new EmbeddedChannel(handler, handler.writer(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                delivered[0]++;
                ReferenceCountUtil.release(msg);
            }
        });
        channel.config().setAllocator(allocator);
        if (receiver) {
            handler.receiveWith((payload, text) -> delivered[0]++);
        }
        try {
            Supplier<Runnable> round = () -> {
                delivered[0] = 0;
                // One read's worth at a time, each in a buffer of its own, as a socket hands them over.
                ByteBuf[] reads = new ByteBuf[(frames.writerIndex() + READ_BYTES - 1) / READ_BYTES];
                for (int i = 0; i < reads.length; i++) {
                    int from = i * READ_BYTES;
                    int length = Math.min(READ_BYTES, frames.writerIndex() - from);
                    reads[i] = allocator.directBuffer(length).writeBytes(frames, from, length);
                }
                return () -> {
                    for (ByteBuf read : reads) {
                        channel.pipeline().fireChannelRead(read);
                    }
                };
            };
            long allocated = SteadyAllocation.lastRound(round, FRAMES, 50);
            assertEquals(FRAMES, delivered[0]);
            return allocated;
        } finally {
            channel.finishAndReleaseAll();
            frames.release();
        }
    }
}
