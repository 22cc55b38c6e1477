package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;

/**
 * The last {@code capacity} encoded tick frames of one symbol, for resuming a subscription after a
 * given seq. Holds one reference of each frame it stores. Not thread-safe: its {@link SymbolFeed}
 * guards it.
 */
final class TickHistory {

    private final ByteBuf[] frames;
    private final long[] seqs;
    private int next;
    private int size;

    /** @param capacity how many ticks to keep; 0 disables resume */
    TickHistory(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        this.frames = new ByteBuf[capacity];
        this.seqs = new long[capacity];
    }

    /**
     * Appends a tick; seqs must arrive in increasing order.
     *
     * @param seq   the tick's seq
     * @param frame its encoded frame; the history takes one reference (the caller's)
     */
    void add(long seq, ByteBuf frame) {
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

    /** Drops everything (a new epoch restarts seqs). */
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
