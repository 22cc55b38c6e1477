package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PinningTest {

    @Test
    void prefixesTasksetWhenThereIsOne() {
        Pinning pinning = new Pinning("/usr/bin/taskset");

        assertEquals(List.of("/usr/bin/taskset", "-c", "1", "java", "-version"), pinning.onCpu(1, List.of("java", "-version")));
        assertEquals("server pinned to CPU 1, load client to CPU 0 (taskset)", pinning.describe(1, 0));
    }

    @Test
    void leavesTheCommandAloneWithout() {
        Pinning pinning = new Pinning(null);

        assertEquals(List.of("java", "-version"), pinning.onCpu(1, List.of("java", "-version")));
        assertEquals("not pinned (no taskset): server and client share all CPUs", pinning.describe(1, 0));
    }
}
