package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;

import java.nio.ByteBuffer;

/**
 * An encoded server frame ready for the wire, plus when it was made. A tick's frame is built once and
 * the same {@code OutFrame} is queued on every subscribed connection: each queue holds one reference
 * of {@link #bytes()} and copies from it by absolute index, so the buffer's indices never move and no
 * per-subscriber duplicate is allocated.
 */
public final class OutFrame {

    /**
     * Netty copies direct memory to direct memory without allocating only while it may use
     * {@code sun.misc.Unsafe}, which from Java 24 on it does not by default; then each frame carries a
     * NIO view for {@code FrameBatch} to copy from instead, made once per frame rather than per copy.
     */
    private static final boolean NEEDS_VIEW = !PlatformDependent.hasUnsafe();

    private final ByteBuf bytes;
    private final int size;
    private final ByteBuffer view;
    private final long createdNanos;
    private final long tsMicros;

    /**
     * @param bytes        the complete frame (header and payload); shared, read by absolute index only
     * @param createdNanos {@link System#nanoTime()} when it was built; the lag bound is measured from it
     * @param tsMicros     the tick's {@code ts} for tick-to-write latency, or 0 for a non-tick message
     */
    public OutFrame(ByteBuf bytes, long createdNanos, long tsMicros) {
        this.bytes = bytes;
        this.size = bytes.readableBytes();
        this.view = NEEDS_VIEW ? bytes.nioBuffer(bytes.readerIndex(), size) : null;
        this.createdNanos = createdNanos;
        this.tsMicros = tsMicros;
    }

    private OutFrame(OutFrame held, long createdNanos) {
        this.bytes = held.bytes;
        this.size = held.size;
        this.view = held.view;
        this.createdNanos = createdNanos;
        this.tsMicros = 0;
    }

    /**
     * A conflated tick is held back until its throttle interval ends, which may be far longer than the
     * lag bound. That wait is the subscriber's choice, not time spent behind a slow socket, so the lag
     * bound (and the heartbeat's quiet time) must count from when it is released, not from when it was
     * built. For the same reason it is left out of the tick-to-write latency, which would otherwise show
     * the throttles of the clients connected instead of the server's own delay.
     *
     * @param nowNanos {@link System#nanoTime()} as the frame is released to its connection
     * @return the same bytes (taking over this frame's reference), made at {@code nowNanos}, without a
     *         {@link #tsMicros()}
     */
    public OutFrame releasedAt(long nowNanos) {
        return new OutFrame(this, nowNanos);
    }

    /** @return the complete frame; shared, so read by absolute index only */
    public ByteBuf bytes() {
        return bytes;
    }

    /**
     * @return null where Netty may use {@code sun.misc.Unsafe}; otherwise the frame's readable bytes as
     *         a NIO view, valid while a reference of {@link #bytes()} is held, and shared, so read only
     *         with absolute bulk gets that leave its position and limit alone
     */
    public ByteBuffer view() {
        return view;
    }

    /** @return {@link System#nanoTime()} when the frame was built */
    public long createdNanos() {
        return createdNanos;
    }

    /**
     * @return the tick's {@code ts} for the tick-to-write latency, or 0 for a non-tick message or a released
     *         conflated tick
     */
    public long tsMicros() {
        return tsMicros;
    }

    /**
     * @return the frame's size on the wire, as it was built; still right after the queue has released
     *         its reference, when the pool may already have handed the same buffer object to someone else
     */
    public int size() {
        return size;
    }
}
