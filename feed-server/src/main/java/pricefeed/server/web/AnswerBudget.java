package pricefeed.server.web;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of web answers written and not yet taken by their sockets, across all web connections, within one
 * limit. Each such answer holds a direct buffer until its socket takes the last byte, so without a limit a few
 * hundred clients that ask for a large answer and never read it use up the JVM's direct memory, and the stream's
 * frames with it.
 *
 * <p>Large answers stop short of the limit by a reserve that only small ones may use, so the health check and the
 * metrics (and the dashboard's files, errors) are still answered while large answers hold the rest; in the
 * spirit of the connection limit's probe reserve. Thread-safe: a counter shared by every event loop.
 */
final class AnswerBudget {

    /** Answers up to this size (head allowance included) may use the reserve. */
    static final long SMALL_ANSWER_BYTES = 64 * 1024;
    /** The reserve is this share of the limit: an eighth. */
    private static final int RESERVE_SHARE = 8;

    private final long limit;
    private final long largeLimit;
    private final AtomicLong held = new AtomicLong();

    /** @param limit the most all answers not yet written may hold together, in bytes */
    AnswerBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        this.limit = limit;
        this.largeLimit = limit - limit / RESERVE_SHARE;
    }

    /**
     * @param bytes what an answer would hold until written
     * @return true if it fits (then it is held until {@link #release}d); false if it would take the count past
     *         the limit, or past the reserve for an answer over {@link #SMALL_ANSWER_BYTES}
     */
    boolean tryTake(long bytes) {
        long ceiling = bytes <= SMALL_ANSWER_BYTES ? limit : largeLimit;
        while (true) {
            long now = held.get();
            if (now + bytes > ceiling) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /**
     * Holds an answer that is sent whatever the count: a refusal must be sayable, and an answer to a change that
     * is made already must be told.
     *
     * @param bytes what it holds until written
     */
    void take(long bytes) {
        held.addAndGet(bytes);
    }

    /** @param bytes what a taken answer held, now written or dropped */
    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** @return bytes held now */
    long held() {
        return held.get();
    }

    /** @return the most answers may hold together */
    long limit() {
        return limit;
    }

    /** @return the most large answers may hold together: the limit less the small answers' reserve */
    long largeLimit() {
        return largeLimit;
    }
}
