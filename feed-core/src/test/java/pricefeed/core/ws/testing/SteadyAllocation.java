package pricefeed.core.ws.testing;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;
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
}
