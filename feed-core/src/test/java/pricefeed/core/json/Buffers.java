package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Test helper: runs a writer against each kind of buffer the server may hand it and releases every buffer. */
enum Buffers {
    /** A heap buffer: encoders write into its backing array. */
    HEAP(Unpooled::buffer),
    /** A direct buffer: encoders go through their per-thread scratch array. */
    DIRECT(Unpooled::directBuffer),
    /** What the server really uses: pooled direct buffers, starting too small so they must grow. */
    POOLED(() -> PooledByteBufAllocator.DEFAULT.directBuffer(8));

    private final java.util.function.Supplier<ByteBuf> factory;

    Buffers(java.util.function.Supplier<ByteBuf> factory) {
        this.factory = factory;
    }

    ByteBuf allocate() {
        return factory.get();
    }

    /** @return what the writer appended, as UTF-8 text */
    String write(Consumer<ByteBuf> writer) {
        ByteBuf buf = allocate();
        try {
            writer.accept(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    /** @return a buffer of this kind holding the UTF-8 bytes of {@code text}; the caller releases it */
    ByteBuf of(String text) {
        ByteBuf buf = allocate();
        buf.writeCharSequence(text, StandardCharsets.UTF_8);
        return buf;
    }

    /** @return a buffer of this kind holding {@code bytes}; the caller releases it */
    ByteBuf of(byte[] bytes) {
        ByteBuf buf = allocate();
        buf.writeBytes(bytes);
        return buf;
    }

}
