package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.testing.LeakWatch;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class OutFrameTest {

    @Test
    void keepsItsSizeAfterItsBufferIsReleasedAndHandedOutAgain() throws Exception {
        // A queue counts a frame's size off its budget after releasing its reference; when that was the last
        // one, the pool may already have given the same buffer object to the next allocation. Netty recycles
        // buffer objects on its own threads, so this runs on one, as the queue's drain does.
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread eventLoopLike = new FastThreadLocalThread(() -> {
            try {
                sizeSurvivesReuse();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        eventLoopLike.start();
        eventLoopLike.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void aReleasedConflatedTickIsTheSameBytesMadeNowAndOutOfTheLatency() {
        ByteBuf bytes = PooledByteBufAllocator.DEFAULT.directBuffer(256).writeZero(100);
        try {
            OutFrame held = new OutFrame(bytes, 1_000, 1_763_712_000_000_000L);
            OutFrame released = held.releasedAt(501_000);
            assertSame(bytes, released.bytes());
            assertSame(held.view(), released.view());
            assertEquals(100, released.size());
            assertEquals(501_000, released.createdNanos());
            assertEquals(0, released.tsMicros(), "held back on purpose: not a tick-to-write latency");
        } finally {
            bytes.release();
        }
    }

    private static void sizeSurvivesReuse() {
        // The leak detector's wrappers would hide the reuse.
        LeakWatch.untracked(() -> {
            ByteBuf bytes = PooledByteBufAllocator.DEFAULT.directBuffer(256).writeZero(100);
            OutFrame frame = new OutFrame(bytes, 0, 0);
            bytes.release();
            ByteBuf next = PooledByteBufAllocator.DEFAULT.directBuffer(256).writeZero(10);
            try {
                assertSame(bytes, next, "the pool handed the same object out again");
                assertEquals(100, frame.size());
            } finally {
                next.release();
            }
        });
    }
}
