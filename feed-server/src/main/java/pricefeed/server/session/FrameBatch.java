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
 *
 * <p>One instance serves a connection's batches one after another ({@link #start} to {@link #finish}), so
 * a write costs no object besides its buffer, which the pooled allocator recycles: one per connection per
 * fan-out batch was most of what the server allocated at steady load.
 */
final class FrameBatch {

    private ByteBuf buffer;
    /**
     * The buffer's internal view, taken on the first frame that has a {@link OutFrame#view()}, and
     * taken again whenever the buffer grows (growing moves it to new memory).
     */
    private ByteBuffer memory;
    /** Where the buffer's index 0 lies in {@link #memory}. */
    private int base;

    /**
     * Starts a batch in a new buffer; the previous one must have been finished or discarded.
     *
     * @param alloc       where the buffer comes from
     * @param capacity    what the batch is expected to hold: the buffer's first size
     * @param maxCapacity the most it may hold; frames offered while it fills make it grow up to this
     * @return this batch
     * @throws OutOfMemoryError when the allocator has no memory for the buffer; the batch is then not started
     */
    FrameBatch start(ByteBufAllocator alloc, int capacity, int maxCapacity) {
        if (buffer != null) {
            throw new IllegalStateException("the previous batch was neither finished nor discarded");
        }
        buffer = alloc.directBuffer(capacity, maxCapacity);
        memory = null;
        return this;
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

    /**
     * Ends the batch; the next one may {@link #start}.
     *
     * @return the buffer holding what was appended, for the caller to write (and so release)
     */
    ByteBuf finish() {
        ByteBuf done = buffer;
        buffer = null;
        memory = null;
        return done;
    }

    /** Gives the buffer back unwritten (when the batch cannot be completed); the next one may {@link #start}. */
    void discard() {
        finish().release();
    }
}
