package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PinningTest {

    @Test
    void prefixesTasksetWhenThereIsOne() {
        Pinning pinning = new Pinning("/usr/bin/taskset");

        assertEquals(List.of("/usr/bin/taskset", "-c", "1", "java", "-version"), pinning.onCpu(1, List.of("java", "-version")));
        assertEquals("server pinned to CPU 1, load client to CPU 0 (taskset)", pinning.describe(1, 0));
        assertEquals(OptionalInt.of(1), pinning.placed(1), "its CPU's steal time is the server's to read");
    }

    @Test
    void leavesTheCommandAloneWithout() {
        Pinning pinning = new Pinning(null);

        assertEquals(List.of("java", "-version"), pinning.onCpu(1, List.of("java", "-version")));
        assertEquals("not pinned (no taskset): server and client share all CPUs", pinning.describe(1, 0));
        assertEquals(OptionalInt.empty(), pinning.placed(1), "no one CPU to read the steal time of");
    }

    @Test
    void refusesAHarnessThatIsNotOnTheClientCpu() {
        Pinning pinning = new Pinning("/usr/bin/taskset");

        assertNull(pinning.misplacedClient(1, "1"));
        assertEquals("--client-cpu 1, but the harness (the load client) may run on CPUs 0: start it with "
                + "feed-bench/run-e2e.sh, or with taskset -c 1", pinning.misplacedClient(1, "0"));
        assertNotNull(pinning.misplacedClient(0, "0-1"));
        assertNull(new Pinning(null).misplacedClient(0, "0-1"), "nothing pinned, nothing claimed");
    }
}
