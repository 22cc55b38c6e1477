package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;

/**
 * An encoded server frame ready for the wire, plus when it was made. A tick's frame is built once and
 * the same {@code OutFrame} is queued on every subscribed connection: each queue holds one reference
 * of {@link #bytes()} and copies from it by absolute index, so the buffer's indices are never moved
 * and no per-subscriber duplicate is allocated.
 *
 * @param bytes        the complete frame (header and payload); shared, read by absolute index only
 * @param createdNanos {@link System#nanoTime()} when it was built; the lag bound is measured from it
 * @param tsMicros     the tick's {@code ts} for tick-to-write latency, or 0 for a non-tick message
 */
public record OutFrame(ByteBuf bytes, long createdNanos, long tsMicros) {

    /** @return the frame's size on the wire */
    public int size() {
        return bytes.readableBytes();
    }
}
