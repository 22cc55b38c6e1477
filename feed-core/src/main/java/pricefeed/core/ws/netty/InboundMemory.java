package pricefeed.core.ws.netty;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory that all connections sharing it may hold in unfinished inbound input: a frame not yet complete,
 * and the fragments of a message joined so far. Each connection may hold up to its message limit, so without
 * a shared bound a few thousand connections that each start a message and never finish it use up the JVM's
 * direct memory, and the server's own ticks and writes fail for want of it.
 *
 * <p>{@link WebSocketFrameHandler} counts what its connection holds after each read and reports only changes;
 * a read that leaves the total over the bound closes that connection with 1013 {@link #BUSY_REASON}. The count
 * follows the reads, so the memory may pass the bound by what the reads in progress add: at most one read per
 * event loop, plus what the refused connections still hold until they are gone. Thread-safe.
 */
public final class InboundMemory {

    /** The close reason sent with 1013 to a connection refused for want of memory. */
    public static final String BUSY_REASON = "server busy: no memory for unfinished messages";

    private static final InboundMemory UNLIMITED = new InboundMemory(Long.MAX_VALUE);

    private final long bound;
    private final AtomicLong held = new AtomicLong();

    private InboundMemory(long bound) {
        this.bound = bound;
    }

    /** @return a memory without a bound, which the handler does not count at all (the client role) */
    public static InboundMemory unlimited() {
        return UNLIMITED;
    }

    /**
     * @param bytes what all connections sharing it may hold together; 0 refuses every unfinished message
     * @return a bounded memory
     */
    public static InboundMemory ofBytes(long bytes) {
        if (bytes < 0 || bytes == Long.MAX_VALUE) {
            throw new IllegalArgumentException("bytes must be 0 or more and bounded: " + bytes);
        }
        return new InboundMemory(bytes);
    }

    /** @return the bound in bytes; {@link Long#MAX_VALUE} when unlimited */
    public long bound() {
        return bound;
    }

    /** @return whether there is a bound to keep; the handler counts nothing when there is not */
    public boolean isBounded() {
        return bound != Long.MAX_VALUE;
    }

    /** @return bytes the connections hold now, as of their latest reads */
    public long held() {
        return held.get();
    }

    /**
     * Counts what a connection now holds beyond what it held: the bytes exist already, so they are counted
     * even when the answer is no, and given back when the connection lets them go.
     *
     * @param bytes more bytes held, over 0
     * @return whether the total stays within the bound
     */
    boolean grow(long bytes) {
        return held.addAndGet(bytes) <= bound;
    }

    /** @param bytes bytes a connection no longer holds, at most what it counted */
    void giveBack(long bytes) {
        held.addAndGet(-bytes);
    }

    @Override
    public String toString() {
        return isBounded() ? "InboundMemory[" + held() + " of " + bound + " bytes]" : "InboundMemory[unlimited]";
    }
}
