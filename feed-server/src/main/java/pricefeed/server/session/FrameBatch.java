package pricefeed.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import pricefeed.server.subscription.OutFrame;

import java.nio.ByteBuffer;

/**
 * One coalesced write being filled with queued frames, on a connection's event loop. Copying a frame
 * in allocates nothing, whichever way Netty reaches memory.
 *
 * <p>Netty's {@code ByteBuf}-to-{@code ByteBuf} copy is one memory copy while Netty may use
 * {@code sun.misc.Unsafe}. From Java 24 on it does not by default, and the same copy then makes two NIO
 * views and an array each time, 64 bytes or more per frame per subscriber: at a million deliveries a
 * second the young collections that follow set the latency tail. Such frames carry a shared
 * {@link OutFrame#view()}, and the copy is an absolute NIO bulk copy from it into the batch buffer's
 * internal view (this event loop's alone).
 */
final class FrameBatch {

    private final ByteBuf buffer;
    /**
     * The buffer's internal view, taken on the first frame that has a {@link OutFrame#view()}, and
     * taken again whenever the buffer grows (growing moves it to new memory).
     */
    private ByteBuffer memory;
    /** Where the buffer's index 0 lies in {@link #memory}. */
    private int base;

    /**
     * @param alloc       where the buffer comes from
     * @param capacity    what the batch is expected to hold: the buffer's first size
     * @param maxCapacity the most it may hold; frames offered while it fills make it grow up to this
     */
    FrameBatch(ByteBufAllocator alloc, int capacity, int maxCapacity) {
        buffer = alloc.directBuffer(capacity, maxCapacity);
    }

    /**
     * @param frame a frame to append
     * @return whether it still fits under the maximum
     */
    boolean fits(OutFrame frame) {
        return frame.size() <= buffer.maxWritableBytes();
    }

    /**
     * Copies a frame in; the caller keeps its reference of the frame's bytes.
     *
     * @param frame a frame that {@link #fits}
     */
    void append(OutFrame frame) {
        ByteBuf bytes = frame.bytes();
        int n = frame.size();
        int at = buffer.writerIndex();
        int capacity = buffer.capacity();
        buffer.ensureWritable(n);
        if (buffer.capacity() != capacity) {
            memory = null;
        }
        ByteBuffer src = frame.view();
        if (src == null) {
            buffer.setBytes(at, bytes, bytes.readerIndex(), n);
        } else {
            if (memory == null) {
                memory = buffer.internalNioBuffer(0, buffer.capacity());
                base = memory.position();
            }
            memory.put(base + at, src, src.position(), n);
        }
        buffer.writerIndex(at + n);
    }

    /** @return bytes appended so far */
    int length() {
        return buffer.readableBytes();
    }

    /** @return the buffer holding what was appended, for the caller to write (and so release) */
    ByteBuf finish() {
        return buffer;
    }

    /** Gives the buffer back unwritten (when the batch cannot be completed). */
    void discard() {
        buffer.release();
    }
}
