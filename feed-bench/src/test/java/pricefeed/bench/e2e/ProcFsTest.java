package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

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

    @Test
    void readsACpusStealTimeFromItsOwnLine() {
        List<String> stat = List.of(
                "cpu  2847854 54152 526070 5187980 6385 0 79630 627423 0 0",
                "cpu0 1423927 27076 263035 2593990 3192 0 39815 313711 0 0",
                "cpu1 1423927 27076 263035 2593990 3193 0 39815 313712 0 0",
                "intr 123 4 5",
                "ctxt 99");
        assertEquals(313712, ProcFs.stealTicks(stat, 1));
        assertEquals(313711, ProcFs.stealTicks(stat, 0));
        assertEquals(0, ProcFs.stealTicks(List.of("cpu0 1 2 3 4 5 6 7"), 0), "a kernel without the field");
        assertThrows(IllegalStateException.class, () -> ProcFs.stealTicks(stat, 2));
    }

    @Test
    void readsThisMachinesStealTime() {
        assumeTrue(ProcFs.available(), "Linux /proc");
        ProcFs proc = ProcFs.open();
        double before = proc.stolenSeconds(0);
        double after = proc.stolenSeconds(0);
        assertTrue(before >= 0 && after >= before, () -> before + " then " + after);
    }
}
