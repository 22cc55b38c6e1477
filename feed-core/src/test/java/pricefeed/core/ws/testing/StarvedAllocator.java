package pricefeed.core.ws.testing;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

/** An allocator that fails as the JVM does when its direct memory is used up, for as long as a test says. */
public final class StarvedAllocator extends AbstractByteBufAllocator {

    private volatile boolean starved;

    /** @param starved whether it fails from the start */
    public StarvedAllocator(boolean starved) {
        super(true);
        this.starved = starved;
    }

    /** @param starved whether allocations fail from now on */
    public void starve(boolean starved) {
        this.starved = starved;
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        check(initialCapacity);
        return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        check(initialCapacity);
        return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
        return false;
    }

    private void check(int capacity) {
        if (starved) {
            // The JDK's words when -XX:MaxDirectMemorySize is reached.
            throw new OutOfMemoryError("Cannot reserve " + capacity + " bytes of direct buffer memory");
        }
    }
}
