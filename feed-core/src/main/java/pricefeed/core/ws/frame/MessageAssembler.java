package pricefeed.core.ws.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Joins the fragments of one data message into a single buffer whose maximum capacity is the message
 * limit, so it can never grow past it. The decoder checks the running size against the limit when a
 * fragment's length is known ({@link #size()}), before any of its payload is copied here.
 *
 * <p>Copying (rather than composing slices of the input) keeps the caller's cumulation buffer free to
 * be reused while a long message trickles in.
 */
final class MessageAssembler {

    /** Room for a few more fragments of the first one's size without regrowing. */
    private static final int GROWTH_FACTOR = 4;
    /** No opcode: no message is open. */
    private static final int NONE = -1;

    private final int maxBytes;
    private int opcode = NONE;
    private ByteBuf joined;

    /** @param maxBytes the largest message, summed over its fragments */
    MessageAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** @return whether a fragmented message is open */
    boolean isOpen() {
        return opcode != NONE;
    }

    /** @return the opcode of the open message (text or binary) */
    int opcode() {
        if (!isOpen()) {
            throw new IllegalStateException("no message is open");
        }
        return opcode;
    }

    /** @return the bytes joined so far (0 when no message is open) */
    int size() {
        return joined == null ? 0 : joined.readableBytes();
    }

    /** @return the memory the open message takes: its buffer's capacity, which runs ahead of {@link #size()} */
    int heldBytes() {
        return joined == null ? 0 : joined.capacity();
    }

    /**
     * Opens a message with its first fragment's payload.
     *
     * @param messageOpcode text or binary
     * @param src           the payload starts at its reader index
     * @param length        payload length; {@code src}'s reader index advances past it
     */
    void begin(int messageOpcode, ByteBuf src, int length) {
        if (isOpen()) {
            throw new IllegalStateException("a message is already open");
        }
        opcode = messageOpcode;
        append(src, length);
    }

    /**
     * Adds a continuation's payload.
     *
     * @param src    the payload starts at its reader index
     * @param length payload length; {@code src}'s reader index advances past it
     */
    void append(ByteBuf src, int length) {
        if ((long) size() + length > maxBytes) {
            // The decoder refuses such a fragment at its header; reaching this is our bug.
            throw new IllegalStateException("fragment would take the message past " + maxBytes + " bytes");
        }
        if (joined == null) {
            joined = allocate(src.alloc(), length);
        }
        joined.writeBytes(src, length);
    }

    /**
     * Closes the message.
     *
     * @return the whole message; the caller owns it
     */
    ByteBuf finish() {
        if (!isOpen()) {
            throw new IllegalStateException("no message is open");
        }
        ByteBuf message = joined;
        joined = null;
        opcode = NONE;
        return message;
    }

    /** Drops the open message, if any, and frees its bytes. Idempotent. */
    void release() {
        if (joined != null) {
            joined.release();
            joined = null;
        }
        opcode = NONE;
    }

    private ByteBuf allocate(ByteBufAllocator alloc, int firstLength) {
        long wanted = (long) firstLength * GROWTH_FACTOR;
        int initial = (int) Math.min(maxBytes, Math.max(wanted, 64));
        return alloc.buffer(initial, maxBytes);
    }
}
