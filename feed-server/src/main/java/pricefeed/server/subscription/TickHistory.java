package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;

/**
 * The last {@code capacity} encoded tick frames of one symbol, for resuming a subscription after a
 * given seq. Holds one reference of each frame it stores. Not thread-safe: its {@link SymbolFeed}
 * guards it.
 *
 * <p>The arrays grow with the ticks stored, doubling, and only as far as the shared {@link HistoryBudget}
 * grants: a large {@code --history} costs nothing up front, and all histories together stay within the
 * budget. A history the budget stops short of its capacity keeps the newest ticks it has room for.
 */
final class TickHistory {

    /** Room taken at the first tick; doubled from there. */
    private static final int FIRST_LENGTH = 16;
    private static final ByteBuf[] NO_FRAMES = new ByteBuf[0];
    private static final long[] NO_SEQS = new long[0];

    private final int capacity;
    private final HistoryBudget budget;
    private ByteBuf[] frames = NO_FRAMES;
    private long[] seqs = NO_SEQS;
    private int next;
    private int size;

    /**
     * @param capacity how many ticks to keep at most; 0 disables resume
     * @param budget   where the room for them comes from
     */
    TickHistory(int capacity, HistoryBudget budget) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        this.capacity = capacity;
        this.budget = budget;
    }

    /**
     * Appends a tick; seqs must arrive in increasing order.
     *
     * @param seq   the tick's seq
     * @param frame its encoded frame; the history takes one reference (the caller's)
     */
    void add(long seq, ByteBuf frame) {
        if (size == frames.length) {
            grow();
        }
        if (frames.length == 0) {
            frame.release();
            return;
        }
        ByteBuf old = frames[next];
        if (old != null) {
            old.release();
        }
        frames[next] = frame;
        seqs[next] = seq;
        next = (next + 1) % frames.length;
        if (size < frames.length) {
            size++;
        }
    }

    /**
     * Makes room for more ticks if the capacity and the budget allow; the stored ones keep their order, oldest
     * first, with the room after the newest. Without room, the oldest tick makes way for the next.
     */
    private void grow() {
        if (frames.length >= capacity) {
            return;
        }
        int wanted = (int) Math.min(capacity, Math.max(FIRST_LENGTH, 2L * frames.length)) - frames.length;
        int granted = budget.reserve(wanted);
        if (granted == 0) {
            return;
        }
        ByteBuf[] grownFrames = new ByteBuf[frames.length + granted];
        long[] grownSeqs = new long[grownFrames.length];
        for (int i = 0; i < size; i++) {
            int idx = index(i);
            grownFrames[i] = frames[idx];
            grownSeqs[i] = seqs[idx];
        }
        frames = grownFrames;
        seqs = grownSeqs;
        next = size;
    }

    /** @return how many ticks the arrays have room for now */
    int length() {
        return frames.length;
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

    /** Takes frames lent by {@link #lendAfter}. */
    @FunctionalInterface
    interface FrameSink {
        /**
         * @param frame the stored frame, lent: retain what is kept
         * @param seq   its seq
         * @return false to stop lending
         */
        boolean accept(ByteBuf frame, long seq);
    }

    /**
     * Lends the stored frames with a seq greater than {@code fromSeq} to {@code sink}, oldest first,
     * until the sink refuses one or at least {@code maxBytes} have been lent.
     *
     * @param fromSeq  the last seq the client has
     * @param maxBytes stop once this many bytes were lent (the frame that crosses it is lent whole)
     * @param sink     receives each frame and its seq
     * @return the seq of the last frame the sink took, or {@code fromSeq} if none
     */
    long lendAfter(long fromSeq, long maxBytes, FrameSink sink) {
        long last = fromSeq;
        long lent = 0;
        for (int i = firstAfter(fromSeq); i < size && lent < maxBytes; i++) {
            int idx = index(i);
            if (!sink.accept(frames[idx], seqs[idx])) {
                break;
            }
            last = seqs[idx];
            lent += frames[idx].readableBytes();
        }
        return last;
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
        return (next - size + i + frames.length) % frames.length;
    }

    /** The symbol is gone: drops everything and gives the room back to the budget. */
    void dispose() {
        clear();
        budget.release(frames.length);
        frames = NO_FRAMES;
        seqs = NO_SEQS;
    }

    /** Drops everything (a new epoch restarts seqs); the room stays, since the ticks go on. */
    void clear() {
        for (int i = 0; i < frames.length; i++) {
            if (frames[i] != null) {
                frames[i].release();
                frames[i] = null;
            }
        }
        next = 0;
        size = 0;
    }
}
