package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class ProcFsTest {

    @Test
    void readsThisProcessesCpuTimeAndRss() {
        assumeTrue(ProcFs.available(), "Linux /proc");
        ProcFs proc = ProcFs.open();
        long pid = ProcessHandle.current().pid();

        ProcFs.CpuTime before = proc.cpuTime(pid);
        long spin = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        ProcFs.CpuTime after = proc.cpuTime(pid);

        double burned = after.totalSeconds() - before.totalSeconds();
        assertTrue(burned >= 0.2, () -> "burned 0.3 s, read " + burned);
        assertTrue(after.userSeconds() - before.userSeconds() >= 0.2, () -> "mostly user time: " + before + " " + after);
        assertTrue(x >= 0);
        long rss = proc.rssBytes(pid);
        assertTrue(rss > 10L << 20 && rss < Runtime.getRuntime().maxMemory() + (2L << 30), () -> "rss " + rss);
    }
}
