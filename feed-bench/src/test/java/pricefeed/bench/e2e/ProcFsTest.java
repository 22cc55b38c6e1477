package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

class ProcFsTest {

    private static volatile long sink;

    @Test
    void readsThisProcessesCpuTimeAndRss() {
        assumeTrue(ProcFs.available(), "Linux /proc");
        ProcFs proc = ProcFs.open();
        long pid = ProcessHandle.current().pid();

        ProcFs.CpuTime before = proc.cpuTime(pid);
        // 0.3 s of this thread's own CPU time, not of the wall clock: on a shared machine 0.3 s of wall
        // time held as little as 0.17 s of CPU. Reading the thread's CPU time is a system call, so it is
        // read once per 100,000 rounds of user-space work.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long spin = threads.getCurrentThreadCpuTime() + 300_000_000L;
        long x = 1;
        while (threads.getCurrentThreadCpuTime() < spin) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        ProcFs.CpuTime after = proc.cpuTime(pid);

        double burned = after.totalSeconds() - before.totalSeconds();
        assertTrue(burned >= 0.2, () -> "burned 0.3 s, read " + burned);
        assertTrue(after.userSeconds() - before.userSeconds() >= 0.2, () -> "mostly user time: " + before + " " + after);
        sink = x; // keeps the loop from being optimised away
        long rss = proc.rssBytes(pid);
        assertTrue(rss > 10L << 20 && rss < Runtime.getRuntime().maxMemory() + (2L << 30), () -> "rss " + rss);
    }
}
