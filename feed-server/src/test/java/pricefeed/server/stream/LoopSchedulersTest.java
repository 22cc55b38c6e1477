package pricefeed.server.stream;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopSchedulersTest {

    @Test
    void aLoopHasOneSchedulerWhoseTasksAndTimersRunOnThatLoop() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        EventLoop other = new DefaultEventLoop();
        try {
            Scheduler scheduler = LoopSchedulers.of(loop);
            assertSame(scheduler, LoopSchedulers.of(loop));
            assertNotSame(scheduler, LoopSchedulers.of(other));

            CompletableFuture<Boolean> now = new CompletableFuture<>();
            scheduler.schedule(() -> now.complete(loop.inEventLoop()));
            assertTrue(now.get(5, TimeUnit.SECONDS), "a task runs on the loop");

            CompletableFuture<Boolean> later = new CompletableFuture<>();
            long start = System.nanoTime();
            scheduler.schedule(() -> later.complete(loop.inEventLoop()), 50, TimeUnit.MILLISECONDS);
            assertTrue(later.get(5, TimeUnit.SECONDS), "a timer fires on the loop");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "not before its delay");
        } finally {
            other.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aTerminatedLoopIsForgotten() throws Exception {
        EventLoop loop = new DefaultEventLoop();
        Scheduler before = LoopSchedulers.of(loop);
        // Listeners run in the order they were added: once this one has run, so has the forgetting one.
        CountDownLatch notified = new CountDownLatch(1);
        loop.terminationFuture().addListener(done -> notified.countDown());
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        assertTrue(notified.await(5, TimeUnit.SECONDS));

        assertNotSame(before, LoopSchedulers.of(loop), "the terminated loop's scheduler was dropped, not kept for ever");
    }
}
