package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;

import java.util.function.ObjLongConsumer;

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
        return size == 0 ? -1 : seqs[(next - size + frames.length) % frames.length];
    }

    /** @return the newest seq held, or -1 when empty */
    long newestSeq() {
        return size == 0 ? -1 : seqs[(next - 1 + frames.length) % frames.length];
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

    /**
     * Hands every stored frame with a seq greater than {@code fromSeq} to {@code sink}, oldest first.
     * The frames are lent, not given: the sink retains what it keeps.
     *
     * @param fromSeq the last seq the client has
     * @param sink    receives each frame and its seq
     */
    void forEachAfter(long fromSeq, ObjLongConsumer<ByteBuf> sink) {
        for (int i = 0; i < size; i++) {
            int idx = (next - size + i + frames.length) % frames.length;
            if (seqs[idx] > fromSeq) {
                sink.accept(frames[idx], seqs[idx]);
            }
        }
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
