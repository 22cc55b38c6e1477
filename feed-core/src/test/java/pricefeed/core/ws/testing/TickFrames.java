package pricefeed.core.ws.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import pricefeed.core.ws.frame.FrameEncoder;

import java.nio.charset.StandardCharsets;

/** Test helper: server frames as a client reads them, one tick message each, for the allocation tests. */
public final class TickFrames {

    /** A tick message as the server writes it. */
    public static final byte[] TICK = ("{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":123456,\"ts\":1795374403355000,"
            + "\"bid\":189.12,\"ask\":189.14,\"last\":189.13,\"size\":300,\"volume\":123456789}")
            .getBytes(StandardCharsets.US_ASCII);
    /** The bytes of one such frame: a two-byte header, then the tick. */
    public static final int FRAME_BYTES = TICK.length + 2;

    private TickFrames() {
    }

    /**
     * @param allocator where the buffer comes from (direct)
     * @param opcode    every frame's opcode
     * @param count     how many frames
     * @return a buffer of {@code count} unmasked final frames, each carrying {@link #TICK}
     */
    public static ByteBuf encoded(ByteBufAllocator allocator, int opcode, int count) {
        ByteBuf frames = allocator.directBuffer(count * FRAME_BYTES);
        for (int i = 0; i < count; i++) {
            FrameEncoder.writeHeader(frames, opcode, true, TICK.length);
            frames.writeBytes(TICK);
        }
        return frames;
    }
}
