package pricefeed.core.ws.testing;

import com.sun.management.ThreadMXBean;

import io.netty.util.concurrent.FastThreadLocalThread;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Test helper: what hot code allocates on this thread once the JIT has compiled it. Interpreted and
 * early-compiled code allocates objects that the optimising compiler later removes, and when that
 * compiler gets to a method depends on the JVM and the machine, so one measured pass would test the
 * JIT's timing rather than the code.
 */
public final class SteadyAllocation {

    private SteadyAllocation() {
    }

    /**
     * Runs rounds until one allocates less than {@code bound} bytes, or {@code maxRounds} have run.
     *
     * @param prepare   makes one round's work; what it allocates itself is not counted
     * @param bound     below this many bytes a round counts as allocating nothing (the JIT's own few KB)
     * @param maxRounds how many rounds the compiler gets
     * @return the bytes the last round allocated: below {@code bound} unless every round reached it
     */
    public static long lastRound(Supplier<Runnable> prepare, long bound, int maxRounds) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < maxRounds && allocated >= bound; round++) {
            Runnable work = prepare.get();
            long before = threads.getThreadAllocatedBytes(id);
            work.run();
            allocated = threads.getThreadAllocatedBytes(id) - before;
        }
        return allocated;
    }

    /**
     * Runs a measurement on a thread of Netty's own, as on an event loop: Netty's recycler, which hands pooled
     * slices and write entries out again, keeps its objects for such threads only. Whatever the measurement
     * throws (a failed assertion included) is thrown here.
     *
     * @param measurement measures, typically with {@link #lastRound}, on that thread
     * @return what it returned
     * @throws InterruptedException if interrupted while waiting for it
     */
    public static long onNettyThread(LongSupplier measurement) throws InterruptedException {
        long[] result = new long[1];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread loop = new FastThreadLocalThread(() -> {
            try {
                result[0] = measurement.getAsLong();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "steady-allocation");
        loop.start();
        loop.join();
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        return result[0];
    }
}
