package pricefeed.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.VoidChannelPromise;
import io.netty.util.internal.PlatformDependent;
import pricefeed.server.subscription.OutFrame;

import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A connection's outbound queue, bounded in bytes and in age. Any thread may {@link #offer}; only the
 * channel's event loop drains, and only while the channel is writable, so what sits in Netty's own
 * outbound buffer stays near the write-buffer high-water mark and everything else waits here where it
 * is counted. Queued frames are copied into one buffer per batch and flushed once, so a burst of
 * small tick frames costs one write and one syscall rather than one per frame. With a write delay, the
 * drain runs that long after the first offer of a batch, so the ticks of several fan-out batches share
 * one write: fewer syscalls per message, at the price of up to that much latency.
 *
 * <p>When the queue runs dry while the socket still takes more, it asks its {@link Refill} for more
 * (new subscriptions' snapshots and replays, sent in parts so they never sit here whole).
 *
 * <p>When an offer would take the queue over its byte budget (a frame larger than the whole budget is taken
 * into an empty queue, and trips it for anything offered behind it), or the oldest queued frame is older
 * than the lag bound, the queue trips: it stops accepting, and {@link SlowConsumerListener} is told
 * once. Whoever handles that discards the queue and closes the connection. The lag bound holds only
 * against a frame the socket held back (a drain found the channel unwritable): frames that aged because
 * the event loop did not run (the process stopped, a long collector pause, an overloaded loop) are the
 * server's delay, not the client's, and only the byte budget applies to them. Before, a server that ran
 * again after a pause longer than the bound dropped every connection with a frame queued at the time.
 */
public final class OutboundQueue {

    /** Upper bound of one coalesced write; larger frames are written on their own. */
    static final int BATCH_BYTES = 64 * 1024;
    private static final int QUEUE_CHUNK = 64;
    /** The byte budget trips long before this many (even empty) frames could queue. */
    private static final int QUEUE_MAX_ENTRIES = 1 << 22;

    /** Why a queue tripped. */
    public enum Overflow {
        /** More bytes queued than the budget. */
        BUDGET,
        /** The oldest frame waited on the socket longer than the lag bound. */
        LAG,
        /**
         * No memory for the write: the JVM's direct memory is used up. Dropping connections is what frees
         * it; carrying on would fail the next write the same way.
         */
        MEMORY
    }

    /** Told once, from the offering thread, when the queue trips. */
    @FunctionalInterface
    public interface SlowConsumerListener {
        /**
         * @param overflow which bound was crossed
         * @param queuedBytes bytes queued at that moment
         */
        void onSlowConsumer(Overflow overflow, long queuedBytes);
    }

    /** Told on the event loop after each batch reaches the channel. */
    @FunctionalInterface
    public interface WriteListener {
        /**
         * @param frames how many frames the batch held
         * @param bytes how many bytes the batch held
         * @param oldestTsMicros the earliest tick {@code ts} in the batch, or 0 when it held no tick
         */
        void onWritten(int frames, long bytes, long oldestTsMicros);
    }

    /** Asked, on the event loop, for more frames when the queue has run dry and the socket takes more. */
    public interface Refill {
        /**
         * Offers more frames to the queue, about {@link #BATCH_BYTES} of them.
         *
         * @return true if it offered any
         */
        boolean refill();

        /** @return whether it still has frames to offer */
        boolean pending();

        /**
         * @param refill  offers more frames; true if it offered any
         * @param pending whether frames are still waiting
         * @return the two as a refill
         */
        static Refill of(BooleanSupplier refill, BooleanSupplier pending) {
            return new Refill() {
                @Override
                public boolean refill() {
                    return refill.getAsBoolean();
                }

                @Override
                public boolean pending() {
                    return pending.getAsBoolean();
                }
            };
        }
    }

    private final Channel channel;
    private final ByteBufAllocator alloc;
    private final long budgetBytes;
    private final long maxLagNanos;
    private final long writeDelayNanos;
    private final SlowConsumerListener slowListener;
    private final WriteListener writeListener;
    private final Refill refill;
    // Multi-producer (the fan-out thread, timers, the session), single consumer (the event loop).
    // Netty's chunked MPSC queue allocates no node per offer (unlike ConcurrentLinkedQueue), but with its
    // false-sharing padding it weighs ~860 bytes: it is made on the first offer, so a connection that
    // never subscribes (most of an idle fleet) never pays for it.
    private volatile Queue<OutFrame> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean tripped = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    /** Event loop only; made on the first batch, so an idle connection holds none. */
    private FrameBatch batch;
    // One shared promise that reports nothing: nothing waits on a batch, a failed write closes the channel
    // anyway, and writes refused after our close frame are expected, not errors worth a pipeline event.
    private final ChannelPromise writeDone;
    /** {@link #oldestCreatedNanos} when the queue is known empty. */
    private static final long NO_FRAME = Long.MIN_VALUE;
    // Written by the offer that makes the queue non-empty and by the drain; another producer may read
    // it in between, so an emptied queue resets it rather than leave a long-gone frame's age to compare.
    private volatile long oldestCreatedNanos = NO_FRAME;
    // Whether the oldest queued frame waits for the socket (a drain left it queued on an unwritable channel)
    // rather than for the event loop: only then is its age the client's doing. Set beside oldestCreatedNanos.
    private volatile boolean oldestHeldBySocket;
    // Event loop only: batches written so far, and whether a stall check is armed.
    private long batchesWritten;
    private boolean stallCheckArmed;

    /**
     * @param channel       the connection; drains run on its event loop
     * @param alloc         where batch buffers come from
     * @param budgetBytes   most bytes that may wait here
     * @param maxLagNanos   oldest a queued frame may get
     * @param writeDelayNanos how long frames collect before a drain; 0 drains as soon as the loop can
     * @param slowListener  told once when a bound is crossed
     * @param writeListener told after each written batch (metrics)
     * @param refill        asked for more when the queue runs dry while the socket takes more
     */
    public OutboundQueue(Channel channel, ByteBufAllocator alloc, long budgetBytes, long maxLagNanos,
                         long writeDelayNanos, SlowConsumerListener slowListener, WriteListener writeListener,
                         Refill refill) {
        if (budgetBytes <= 0 || maxLagNanos <= 0) {
            throw new IllegalArgumentException("budget and lag bound must be positive");
        }
        if (writeDelayNanos < 0 || writeDelayNanos >= maxLagNanos) {
            throw new IllegalArgumentException("write delay must be from 0 to below the lag bound");
        }
        this.writeDelayNanos = writeDelayNanos;
        this.channel = channel;
        this.writeDone = new VoidChannelPromise(channel, false);
        this.alloc = alloc;
        this.budgetBytes = budgetBytes;
        this.maxLagNanos = maxLagNanos;
        this.slowListener = slowListener;
        this.writeListener = writeListener;
        this.refill = refill;
    }

    /**
     * Queues a frame and schedules a drain. Takes one reference of {@code frame.bytes()} from the
     * caller: on success it is released after the copy, on refusal at once.
     *
     * @param frame the frame to send
     * @return false when the queue has tripped or trips now (the frame is released)
     */
    public boolean offer(OutFrame frame) {
        if (tripped.get()) {
            frame.bytes().release();
            return false;
        }
        long size = frame.size();
        long after = queuedBytes.addAndGet(size);
        // A frame bigger than the whole budget (a symbols reply of a large universe under a small budget) may
        // still wait here alone: refusing it would drop a client that had nothing queued and read everything.
        if (after > budgetBytes && after != size) {
            queuedBytes.addAndGet(-size);
            frame.bytes().release();
            trip(Overflow.BUDGET, after - size);
            return false;
        }
        if (after == size) {
            oldestHeldBySocket = false;
            oldestCreatedNanos = frame.createdNanos();
        } else if (oldestFrameAge(frame.createdNanos()) > maxLagNanos && oldestHeldBySocket) {
            queuedBytes.addAndGet(-size);
            frame.bytes().release();
            trip(Overflow.LAG, after - size);
            return false;
        }
        if (!queue().offer(frame)) {
            queuedBytes.addAndGet(-size);
            frame.bytes().release();
            trip(Overflow.BUDGET, after - size);
            return false;
        }
        // A plain read first (in requestDrain): during a burst the drain is already scheduled, and a
        // failing CAS per offer would still take the cache line from the event loop.
        requestDrain();
        return true;
    }

    /**
     * {@link #offer} for a frame that mostly comes alone, such as a heartbeat. On a connection that has
     * never queued anything and has nothing waiting, it is written and flushed at once from the event
     * loop, without making the queue: the queue and its first chunk are about 0.9 KiB, which an idle
     * connection's first heartbeat would otherwise add to the 3.6 KiB it holds, for good.
     *
     * @param frame the frame to send; one reference is taken, as by {@link #offer}
     * @return false when the queue has tripped or trips now (the frame is released)
     */
    public boolean offerAlone(OutFrame frame) {
        if (queue != null || tripped.get() || drainScheduled.get() || !channel.eventLoop().inEventLoop()
                || !channel.isActive() || !channel.isWritable() || refill.pending()) {
            return offer(frame);
        }
        long ts = frame.tsMicros();
        channel.writeAndFlush(frame.bytes(), writeDone);
        writeListener.onWritten(1, frame.size(), ts);
        return true;
    }

    /** @return whether the queue was ever made; for tests */
    boolean madeQueue() {
        return queue != null;
    }

    /** Schedules a drain, e.g. so that the {@link Refill} is asked for frames that are waiting. Safe from any thread. */
    public void requestDrain() {
        if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            scheduleDrain();
        }
    }

    private long oldestFrameAge(long nowNanos) {
        long oldest = oldestCreatedNanos;
        return oldest == NO_FRAME ? 0 : nowNanos - oldest;
    }

    private void scheduleDrain() {
        try {
            if (writeDelayNanos == 0) {
                channel.eventLoop().execute(drainTask);
            } else {
                channel.eventLoop().schedule(drainTask, writeDelayNanos, TimeUnit.NANOSECONDS);
            }
        } catch (RejectedExecutionException e) {
            // The event loop is going, and with it the connection; what was queued is garbage now.
            tripped.set(true);
            // An offer that slipped in before the trip finds no drain pending, so it is refused here too.
            drainScheduled.set(false);
            releaseWhenLoopEnds();
        }
    }

    /** @return bytes queued and not yet handed to the channel */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** @return whether a bound was crossed */
    public boolean isTripped() {
        return tripped.get();
    }

    /**
     * Stops the queue for good and releases everything still queued. Safe from any thread: the
     * queue has a single consumer, so the release runs on the event loop, or after it has ended when it
     * refuses the task; frames offered after this are released by {@link #offer} itself.
     */
    public void discard() {
        tripped.set(true);
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            releaseQueued();
            return;
        }
        try {
            loop.execute(this::discard);
        } catch (RejectedExecutionException e) {
            releaseWhenLoopEnds();
        }
    }

    /**
     * A loop that refuses new tasks still runs the ones it already holds in its last sweep, a drain
     * among them, so releasing on the refused caller's thread would make a second consumer of the
     * single-consumer queue. The release waits until the loop has run its last task; Netty runs
     * termination listeners one at a time, on its global executor. (A drain the loop accepted but drops
     * at shutdown, such as a delayed one, leaves its frames to the discard on channel inactive.)
     */
    private void releaseWhenLoopEnds() {
        channel.eventLoop().terminationFuture().addListener(done -> releaseQueued());
    }

    private void releaseQueued() {
        Queue<OutFrame> q = queue;
        if (q == null) {
            return;
        }
        OutFrame f;
        while ((f = q.poll()) != null) {
            queuedBytes.addAndGet(-f.size());
            f.bytes().release();
        }
    }

    private Queue<OutFrame> queue() {
        Queue<OutFrame> q = queue;
        if (q == null) {
            synchronized (this) {
                q = queue;
                if (q == null) {
                    q = PlatformDependent.newMpscQueue(QUEUE_CHUNK, QUEUE_MAX_ENTRIES);
                    queue = q;
                }
            }
        }
        return q;
    }

    /**
     * Writes queued frames while the channel is writable, coalesced, then flushes once; when the queue
     * runs dry first, refills it and goes on. Runs on the event loop; call it again when the channel
     * becomes writable.
     */
    public void drain() {
        drainScheduled.set(false);
        if (tripped.get()) {
            discard();
            return;
        }
        boolean wrote = false;
        while (channel.isActive() && channel.isWritable()) {
            Queue<OutFrame> q = queue;
            if (q != null && writeBatch(q)) {
                wrote = true;
                batchesWritten++;
                continue;
            }
            if (tripped.get() || !refill.refill()) {
                break;
            }
        }
        if (wrote) {
            channel.flush();
        }
        if (!channel.isActive()) {
            discard();
            return;
        }
        Queue<OutFrame> q = queue;
        OutFrame head = q == null ? null : q.peek();
        // With the channel writable, a frame still queued came after the loop above: no socket held it back.
        boolean heldBySocket = head != null && !channel.isWritable();
        if (heldBySocket != oldestHeldBySocket) {
            oldestHeldBySocket = heldBySocket;
        }
        oldestCreatedNanos = head == null ? NO_FRAME : head.createdNanos();
        if (!channel.isWritable() && waiting()) {
            checkForStall();
        }
    }

    /** @return whether anything waits for the socket: queued frames, or a refill's. Event loop only. */
    private boolean waiting() {
        Queue<OutFrame> q = queue;
        return (q != null && q.peek() != null) || refill.pending();
    }

    /**
     * Queued frames age past the lag bound only as new ones are offered, and nothing new may come: a
     * refill offers nothing while the socket is full, and the ticks themselves stop when the JVM's direct
     * memory is used up, which is what many clients that stopped reading at once do to it. So the socket
     * is watched as well: no batch written for the lag bound while the socket stays full and something
     * waits for it trips the queue.
     */
    private void checkForStall() {
        if (stallCheckArmed) {
            return;
        }
        stallCheckArmed = true;
        long batchesThen = batchesWritten;
        channel.eventLoop().schedule(() -> {
            stallCheckArmed = false;
            if (!channel.isActive() || channel.isWritable() || !waiting()) {
                return;
            }
            if (batchesWritten == batchesThen) {
                trip(Overflow.LAG, queuedBytes.get());
            } else {
                checkForStall();
            }
        }, maxLagNanos, TimeUnit.NANOSECONDS);
    }

    /** Writes the head of the queue and what fits behind it; false when the queue was empty. */
    private boolean writeBatch(Queue<OutFrame> q) {
        OutFrame first = q.poll();
        if (first == null) {
            return false;
        }
        if (first.size() >= BATCH_BYTES) {
            // A big frame goes as it is: copying it buys nothing.
            queuedBytes.addAndGet(-first.size());
            long ts = first.tsMicros();
            // Its own indices (the bytes are shared with other subscribers), the queue's reference.
            channel.write(first.bytes().duplicate(), writeDone);
            writeListener.onWritten(1, first.size(), ts);
            return true;
        }
        long pending = Math.min(queuedBytes.get(), BATCH_BYTES);
        FrameBatch batch = this.batch;
        if (batch == null) {
            batch = this.batch = new FrameBatch();
        }
        try {
            batch.start(alloc, (int) Math.max(pending, first.size()), BATCH_BYTES);
        } catch (OutOfMemoryError e) {
            return outOfMemory(first, null);
        }
        int frames = 0;
        long oldestTs = 0;
        OutFrame f = first;
        while (true) {
            try {
                batch.append(f);
            } catch (OutOfMemoryError e) {
                return outOfMemory(f, batch);
            }
            queuedBytes.addAndGet(-f.size());
            f.bytes().release();
            frames++;
            if (f.tsMicros() != 0 && (oldestTs == 0 || f.tsMicros() < oldestTs)) {
                oldestTs = f.tsMicros();
            }
            OutFrame next = q.peek();
            if (next == null || !batch.fits(next)) {
                break;
            }
            f = q.poll();
        }
        long bytes = batch.length();
        channel.write(batch.finish(), writeDone);
        writeListener.onWritten(frames, bytes, oldestTs);
        return true;
    }

    /**
     * A batch could not get memory: the frame in hand and the batch so far are given back, not leaked, and
     * the queue trips so the connection is dropped and its memory freed.
     *
     * @return false, as for an empty queue: nothing more is written
     */
    private boolean outOfMemory(OutFrame frame, FrameBatch batch) {
        if (batch != null) {
            batch.discard();
        }
        queuedBytes.addAndGet(-frame.size());
        frame.bytes().release();
        trip(Overflow.MEMORY, queuedBytes.get());
        return false;
    }

    private void trip(Overflow overflow, long queued) {
        if (tripped.compareAndSet(false, true)) {
            slowListener.onSlowConsumer(overflow, queued);
        }
    }
}
