package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.testing.LeakWatch;
import pricefeed.core.ws.testing.SteadyAllocation;
import pricefeed.core.ws.testing.TickFrames;

/**
 * What the client role's decoder allocates per server frame. A load client decodes a text frame per tick:
 * checking the text's UTF-8 made a NIO view of it each time (64 bytes, most of what the load client allocated
 * per message), where a binary frame made nothing. The message it hands out is a retained slice of the read:
 * a new object per frame from Netty's adaptive allocator, a recycled one from its pooled allocator, which is
 * why the load client reads with the pooled one.
 */
class FrameDecoderAllocationTest {

    private static final int FRAMES = 4_000;

    @Test
    void aTextFrameCostsNoMoreThanABinaryOne() {
        long[] text = new long[1];
        long[] binary = new long[1];
        // Bare buffers: the leak detector's traces would allocate on every access.
        LeakWatch.untracked(() -> {
            text[0] = steadyBytesPerRound(new AdaptiveByteBufAllocator(), WebSocketProtocol.OPCODE_TEXT);
            binary[0] = steadyBytesPerRound(new AdaptiveByteBufAllocator(), WebSocketProtocol.OPCODE_BINARY);
        });
        // Any allocation per frame would be 16 bytes or more each time.
        assertTrue(text[0] - binary[0] < FRAMES, "text frames allocated " + text[0] + " bytes, binary " + binary[0]
                + ", over " + FRAMES + " frames each");
    }

    @Test
    void aTextFrameReadIntoAPooledBufferAllocatesNothingAtAllOnAnEventLoopThread() throws InterruptedException {
        long text = SteadyAllocation.onNettyThread(() -> {
            long[] allocated = new long[1];
            LeakWatch.untracked(() -> allocated[0] = steadyBytesPerRound(new PooledByteBufAllocator(true),
                    WebSocketProtocol.OPCODE_TEXT));
            return allocated[0];
        });
        assertTrue(text < FRAMES, "text frames allocated " + text + " bytes over " + FRAMES + " frames");
    }

    /** @return the bytes one round of {@link #FRAMES} frames of this opcode allocated, once compiled */
    private static long steadyBytesPerRound(ByteBufAllocator allocator, int opcode) {
        ByteBuf frames = TickFrames.encoded(allocator, opcode, FRAMES);
        int[] delivered = {0};
        FrameListener release = new FrameListener() {
            @Override
            public void onText(ByteBuf utf8) {
                delivered[0]++;
                utf8.release();
            }

            @Override
            public void onBinary(ByteBuf payload) {
                delivered[0]++;
                payload.release();
            }

            @Override
            public void onPing(ByteBuf payload) {
                payload.release();
            }

            @Override
            public void onPong(ByteBuf payload) {
                payload.release();
            }

            @Override
            public void onClose(int code, String reason) {
            }
        };
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT, WebSocketLimits.DEFAULTS, release);
        try {
            Supplier<Runnable> round = () -> {
                frames.readerIndex(0);
                delivered[0] = 0;
                // One read's worth at a time, as a socket hands them over.
                return () -> {
                    int end = frames.writerIndex();
                    int readBytes = 64 * TickFrames.FRAME_BYTES;
                    for (int to = readBytes; frames.readerIndex() < end; to += readBytes) {
                        frames.writerIndex(Math.min(end, to));
                        decoder.decode(frames);
                    }
                    frames.writerIndex(end);
                };
            };
            long allocated = SteadyAllocation.lastRound(round, FRAMES, 50);
            assertEquals(FRAMES, delivered[0]);
            return allocated;
        } finally {
            decoder.release();
            frames.release();
        }
    }
}
