package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fan-out encodes every tick's frame on the simulator's thread. Whether Netty hands the same buffer object
 * out again after a release there decides whether the frames the tick histories keep are new objects, young
 * at every collection, or the same ones tick after tick.
 */
class FanoutThreadsTest {

    @Test
    void onTheSimulatorsThreadAReleasedFrameBufferIsTheNextOne() throws InterruptedException {
        // Netty keeps only some of the objects released for the first time: release a few rounds' worth.
        assertTrue(reusesBufferObjects(FanoutThreads.factory()));
    }

    /** Why the factory is Netty's: on a plain thread, which the simulator had before, every frame was new. */
    @Test
    void onAPlainThreadEveryFrameBufferIsANewObject() throws InterruptedException {
        assertFalse(reusesBufferObjects(Executors.defaultThreadFactory()));
    }

    /** @return whether, on a thread of this factory, a pooled buffer's object came back after its release */
    private static boolean reusesBufferObjects(ThreadFactory factory) throws InterruptedException {
        PooledByteBufAllocator alloc = new PooledByteBufAllocator(true);
        AtomicBoolean reused = new AtomicBoolean();
        Thread thread = factory.newThread(() -> {
            for (int i = 0; i < 64 && !reused.get(); i++) {
                ByteBuf first = alloc.directBuffer(256);
                ByteBuf firstObject = bare(first);
                first.release();
                ByteBuf next = alloc.directBuffer(256);
                reused.set(bare(next) == firstObject);
                next.release();
            }
        });
        thread.start();
        thread.join();
        return reused.get();
    }

    /** @return the pooled buffer itself, not the leak detector's wrapper around it */
    private static ByteBuf bare(ByteBuf buf) {
        return buf.unwrap() != null ? buf.unwrap() : buf;
    }
}
