package pricefeed.simulator.load;

import io.netty.channel.EventLoop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** The {@link LoopContext} of every event loop that carries a connection, and a way to run code on each. */
final class LoopRegistry {

    private final ConcurrentHashMap<EventLoop, LoopContext> contexts = new ConcurrentHashMap<>();

    /**
     * @param loop an event loop
     * @return its context, created on first use
     */
    LoopContext of(EventLoop loop) {
        return contexts.computeIfAbsent(loop, LoopContext::new);
    }

    /**
     * Runs a task on every loop that has a context, each on its own thread, and collects the results.
     *
     * @param task    what to run on each loop, with its context
     * @param timeout how long to wait for all of them
     * @param <T>     the result type
     * @return the results, one per loop, in no particular order
     * @throws IllegalStateException if a loop did not answer in time or the task failed
     */
    <T> List<T> onEachLoop(Function<LoopContext, T> task, Duration timeout) {
        List<CompletableFuture<T>> futures = new ArrayList<>();
        for (LoopContext ctx : contexts.values()) {
            CompletableFuture<T> f = new CompletableFuture<>();
            try {
                ctx.eventLoop.execute(() -> {
                    try {
                        f.complete(task.apply(ctx));
                    } catch (RuntimeException | Error e) {
                        f.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                f.completeExceptionally(e);
            }
            futures.add(f);
        }
        List<T> results = new ArrayList<>(futures.size());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (CompletableFuture<T> f : futures) {
                results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the event loops", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a task on an event loop failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("an event loop did not answer within " + timeout, e);
        }
        return results;
    }

    /**
     * @param timeout how long to wait for the loops
     * @return every loop's current interval, merged, each loop starting a new one
     */
    IntervalStats flipAll(Duration timeout) {
        IntervalStats merged = new IntervalStats();
        for (IntervalStats s : onEachLoop(LoopContext::flip, timeout)) {
            merged.add(s);
        }
        return merged;
    }
}
