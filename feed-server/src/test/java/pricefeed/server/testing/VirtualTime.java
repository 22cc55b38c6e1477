package pricefeed.server.testing;

import reactor.test.scheduler.VirtualTimeScheduler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Advances a {@link VirtualTimeScheduler} that other threads use too, and returns only once everything
 * that fell due has run.
 *
 * <p>{@code advanceTimeBy} alone does not promise that. The clock runs due tasks on whichever thread
 * calls it first: scheduling or cancelling a timer runs them too. So when a connection's event loop
 * cancels a heartbeat at the moment a test advances the clock, the event loop makes the test's ticks, and
 * {@code advanceTimeBy} returns before they exist. (Seen once in CI: an SSE test read the latest seq
 * right after advancing, and the resume it then made replayed further than that.) reactor-test offers
 * no way to wait for it, so this reads the count the clock guards its drain loop with: it drops to zero
 * only when no thread is running due tasks and no advance is left unapplied.
 */
public final class VirtualTime {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final VarHandle WORK_IN_PROGRESS = workInProgress();

    private VirtualTime() {
    }

    /**
     * @param clock a virtual clock
     * @param by    how far to move it
     * @throws AssertionError if what fell due is still running after 5 s
     */
    public static void advance(VirtualTimeScheduler clock, Duration by) {
        clock.advanceTimeBy(by);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while ((int) WORK_IN_PROGRESS.getVolatile(clock) != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the virtual clock was still running due tasks " + TIMEOUT + " after "
                        + "an advance of " + by);
            }
            LockSupport.parkNanos(100_000L); // another thread runs them: let it
        }
    }

    private static VarHandle workInProgress() {
        try {
            return MethodHandles.privateLookupIn(VirtualTimeScheduler.class, MethodHandles.lookup())
                    .findVarHandle(VirtualTimeScheduler.class, "advanceTimeWip", int.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this reactor-test has no VirtualTimeScheduler.advanceTimeWip; "
                    + "VirtualTime needs another way to see that the clock is idle", e);
        }
    }
}
