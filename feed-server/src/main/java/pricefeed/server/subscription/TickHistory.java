package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * The last {@code capacity} encoded tick frames of one symbol, for resuming a subscription after a
 * given seq. Not thread-safe: its {@link SymbolFeed} guards it.
 *
 * <p>The frames are copied into slots of one off-heap buffer, each as long as the longest tick frame, rather
 * than kept as the buffers the fan-out sent. A kept buffer is a heap object that lives as long as the
 * history holds it, up to minutes, so the first young collections of a fresh server copied all of them
 * (about 100,000 for 100 symbols, in 20-55 ms pauses at 2 M msgs/s); slots leave nothing per tick on the heap.
 *
 * <p>The slots grow with the ticks stored, doubling, and only as far as the shared {@link HistoryBudget}
 * grants: a large {@code --history} costs nothing up front, and all histories together stay within the
 * budget. A history the budget stops short of its capacity keeps the newest ticks it has room for.
 */
final class TickHistory {

    /** Room taken at the first tick; doubled from there. */
    private static final int FIRST_LENGTH = 16;
    /** Bytes a slot holds. {@code --history} is at most 1,000,000, so a history's buffer stays under 2 GiB. */
    static final int SLOT_BYTES = ServerFrames.MAX_TICK_FRAME_BYTES;
    private static final long[] NO_SEQS = new long[0];
    private static final int[] NO_LENGTHS = new int[0];

    private final int capacity;
    private final HistoryBudget budget;
    private final ByteBufAllocator alloc;
    /** {@code seqs.length} slots of {@link #SLOT_BYTES}; null while there are none. */
    private ByteBuf slots;
    private long[] seqs = NO_SEQS;
    private int[] lengths = NO_LENGTHS;
    private int next;
    private int size;

    /**
     * @param capacity how many ticks to keep at most; 0 disables resume
     * @param budget   where the room for them comes from
     */
    TickHistory(int capacity, HistoryBudget budget) {
        // Unpooled: a history's buffer lives as long as its symbol, and its size is exactly what the budget counts.
        this(capacity, budget, UnpooledByteBufAllocator.DEFAULT);
    }

    /**
     * @param capacity how many ticks to keep at most; 0 disables resume
     * @param budget   where the room for them comes from
     * @param alloc    where the slots' buffer comes from
     */
    TickHistory(int capacity, HistoryBudget budget, ByteBufAllocator alloc) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        this.capacity = capacity;
        this.budget = budget;
        this.alloc = alloc;
    }

    /**
     * Appends a copy of a tick's frame; seqs must arrive in increasing order.
     *
     * @param seq   the tick's seq
     * @param frame its encoded frame, at most {@link #SLOT_BYTES}; copied, so the caller keeps its reference
     */
    void add(long seq, ByteBuf frame) {
        int length = frame.readableBytes();
        if (length > SLOT_BYTES) {
            throw new IllegalArgumentException("a tick frame of " + length + " bytes; a slot holds " + SLOT_BYTES);
        }
        if (size == seqs.length) {
            grow();
        }
        if (seqs.length == 0) {
            return;
        }
        slots.setBytes(next * SLOT_BYTES, frame, frame.readerIndex(), length);
        lengths[next] = length;
        seqs[next] = seq;
        next = (next + 1) % seqs.length;
        if (size < seqs.length) {
            size++;
        }
    }

    /**
     * Makes room for more ticks if the capacity and the budget allow; the stored ones keep their order, oldest
     * first, with the room after the newest. Without room, the oldest tick makes way for the next.
     */
    private void grow() {
        if (seqs.length >= capacity) {
            return;
        }
        int wanted = (int) Math.min(capacity, Math.max(FIRST_LENGTH, 2L * seqs.length)) - seqs.length;
        int granted = budget.reserve(wanted);
        if (granted == 0) {
            return;
        }
        int length = seqs.length + granted;
        ByteBuf grownSlots = alloc.directBuffer(length * SLOT_BYTES, length * SLOT_BYTES);
        long[] grownSeqs = new long[length];
        int[] grownLengths = new int[length];
        for (int i = 0; i < size; i++) {
            int idx = index(i);
            grownSlots.setBytes(i * SLOT_BYTES, slots, idx * SLOT_BYTES, lengths[idx]);
            grownSeqs[i] = seqs[idx];
            grownLengths[i] = lengths[idx];
        }
        if (slots != null) {
            slots.release();
        }
        slots = grownSlots;
        seqs = grownSeqs;
        lengths = grownLengths;
        next = size;
    }

    /** @return how many ticks there is room for now */
    int length() {
        return seqs.length;
    }

    /** @return the oldest seq held, or -1 when empty */
    long oldestSeq() {
        return size == 0 ? -1 : seqs[index(0)];
    }

    /** @return the newest seq held, or -1 when empty */
    long newestSeq() {
        return size == 0 ? -1 : seqs[index(size - 1)];
    }

    /**
     * Whether every tick after {@code fromSeq} up to {@code currentSeq} is still here, so a resume
     * can be served with no gap.
     *
     * @param fromSeq    the last seq the client has
     * @param currentSeq the symbol's latest seq
     * @return true if a replay is complete
     */
    boolean reaches(long fromSeq, long currentSeq) {
        if (fromSeq > currentSeq) {
            return false;
        }
        if (fromSeq == currentSeq) {
            return true;
        }
        return size > 0 && newestSeq() == currentSeq && oldestSeq() <= fromSeq + 1;
    }

    /** Takes the frames {@link #copyAfter} hands out. */
    @FunctionalInterface
    interface FrameSink {
        /**
         * @param frame a copy of the stored frame, whose one reference the sink takes (and releases if it refuses)
         * @param seq   its seq
         * @return false to stop
         */
        boolean accept(ByteBuf frame, long seq);
    }

    /**
     * Hands copies of the stored frames with a seq greater than {@code fromSeq} to {@code sink}, oldest first,
     * until the sink refuses one or at least {@code maxBytes} have been handed out. The frames of one call are
     * copied into one buffer from {@code alloc} and handed out as slices of it: a replay costs one allocation
     * a part, not one a frame.
     *
     * @param fromSeq  the last seq the client has
     * @param maxBytes stop once this many bytes were handed out (the frame that crosses it is handed out whole)
     * @param alloc    where the copies' buffer comes from
     * @param sink     receives each frame and its seq
     * @return the seq of the last frame the sink took, or {@code fromSeq} if none
     */
    long copyAfter(long fromSeq, long maxBytes, ByteBufAllocator alloc, FrameSink sink) {
        int first = firstAfter(fromSeq);
        int end = first;
        int bytes = 0;
        while (end < size && bytes < maxBytes) {
            bytes += lengths[index(end)];
            end++;
        }
        if (end == first) {
            return fromSeq;
        }
        ByteBuf part = alloc.directBuffer(bytes, bytes);
        try {
            for (int i = first; i < end; i++) {
                int idx = index(i);
                part.writeBytes(slots, idx * SLOT_BYTES, lengths[idx]);
            }
            long last = fromSeq;
            int at = 0;
            for (int i = first; i < end; i++) {
                int idx = index(i);
                if (!sink.accept(part.retainedSlice(at, lengths[idx]), seqs[idx])) {
                    break;
                }
                at += lengths[idx];
                last = seqs[idx];
            }
            return last;
        } finally {
            part.release();
        }
    }

    /** Binary search: a catch-up pulled in many small parts must not rescan the whole history each time. */
    private int firstAfter(long seq) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (seqs[index(mid)] <= seq) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** @return the array index of the i-th oldest entry */
    private int index(int i) {
        return (next - size + i + seqs.length) % seqs.length;
    }

    /** The symbol is gone: drops everything and gives the room back to the budget. */
    void dispose() {
        clear();
        budget.release(seqs.length);
        if (slots != null) {
            slots.release();
            slots = null;
        }
        seqs = NO_SEQS;
        lengths = NO_LENGTHS;
    }

    /** Drops everything (a new epoch restarts seqs); the room stays, since the ticks go on. */
    void clear() {
        next = 0;
        size = 0;
    }
}
