package pricefeed.core.ws.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * A heap allocator that knows exactly how many bytes its live buffers hold, so a test can assert that
 * code under test released everything it allocated (and everything derived from the test's own
 * buffers). Complements Netty's PARANOID leak detector, which only reports at garbage collection.
 */
public final class CountingAllocator {

    private final UnpooledByteBufAllocator alloc;

    /** @param direct whether buffers are off-heap (tests both memory kinds of the code under test) */
    public CountingAllocator(boolean direct) {
        // Leak detection stays on (second argument false) so PARANOID still tracks these buffers.
        this.alloc = new UnpooledByteBufAllocator(direct, false);
    }

    /** A heap allocator. */
    public CountingAllocator() {
        this(false);
    }

    /** @return the allocator to hand to the code under test */
    public ByteBufAllocator alloc() {
        return alloc;
    }

    /** @return bytes held by live buffers from this allocator */
    public long usedBytes() {
        return alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory();
    }

    /** Fails unless every buffer from this allocator was released. */
    public void assertAllReleased() {
        assertEquals(0, usedBytes(), "bytes still held by unreleased buffers");
    }
}
