package pricefeed.bench.e2e;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the harness starts, so that none outlives it: each is stopped by whoever started it, and a
 * shutdown hook stops any left over when the harness fails or is interrupted.
 */
final class Children {

    private static final long GRACE_SECONDS = 10;
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Children::stop), "e2e-children"));
    }

    private Children() {
    }

    /**
     * @param process a process just started
     * @return the same process, now tracked
     */
    static Process track(Process process) {
        LIVE.add(process);
        return process;
    }

    /**
     * Asks the process to exit (SIGTERM), waits up to {@value #GRACE_SECONDS} s, then kills it. Idempotent.
     *
     * @param process a tracked process
     */
    static void stop(Process process) {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(process);
        }
    }
}
