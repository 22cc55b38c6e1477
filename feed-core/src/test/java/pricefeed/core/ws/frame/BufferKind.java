package pricefeed.core.ws.frame;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;

/** The kinds of ByteBuf the codec may be handed, each holding given bytes at a non-zero index. */
enum BufferKind {
    UNPOOLED_HEAP(bytes -> withPrefix(Unpooled.buffer(bytes.length + 5), bytes)),
    UNPOOLED_DIRECT(bytes -> withPrefix(Unpooled.directBuffer(bytes.length + 5), bytes)),
    POOLED_HEAP(bytes -> withPrefix(PooledByteBufAllocator.DEFAULT.heapBuffer(bytes.length + 5), bytes)),
    POOLED_DIRECT(bytes -> withPrefix(PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + 5), bytes)),
    ADAPTIVE_DIRECT(bytes -> withPrefix(new AdaptiveByteBufAllocator().directBuffer(bytes.length + 5), bytes)),
    SLICE(bytes -> withPrefix(Unpooled.directBuffer(bytes.length + 9).writeZero(4), bytes).slice(4, bytes.length + 5)),
    COMPOSITE_OF_ONE(bytes -> Unpooled.compositeBuffer().addComponent(true,
            withPrefix(Unpooled.directBuffer(bytes.length + 5), bytes))),
    COMPOSITE_OF_THREE(bytes -> {
        ByteBuf whole = withPrefix(Unpooled.buffer(bytes.length + 5), bytes);
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        int third = whole.readableBytes() / 3;
        composite.addComponent(true, whole.retainedSlice(0, third));
        composite.addComponent(true, Unpooled.directBuffer().writeBytes(whole, third, third));
        composite.addComponent(true, whole.retainedSlice(2 * third, whole.readableBytes() - 2 * third));
        whole.release();
        return composite;
    }),
    NIO_WRAPPED(bytes -> {
        ByteBuffer nio = ByteBuffer.allocateDirect(bytes.length + 5);
        nio.put(new byte[] {0x5f, 0x5f, 0x5f, 0x5f, 0x5f});
        nio.put(bytes);
        nio.position(0);
        return Unpooled.wrappedBuffer(nio);
    });

    private final Function<byte[], ByteBuf> factory;

    BufferKind(Function<byte[], ByteBuf> factory) {
        this.factory = factory;
    }

    /**
     * @param bytes the content
     * @return a new buffer whose bytes from index 5 are {@code bytes} (reader index 0, 5 filler bytes)
     */
    ByteBuf holding(byte[] bytes) {
        return factory.apply(bytes);
    }

    private static ByteBuf withPrefix(ByteBuf buf, byte[] bytes) {
        byte[] filler = new byte[5];
        Arrays.fill(filler, (byte) 0x5f);
        return buf.writeBytes(filler).writeBytes(bytes);
    }
}
