package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JcmdTest {

    @Test
    void sumsEverySpaceOfTheParallelCollector() {
        String heapInfo = """
                12345:
                 PSYoungGen      total 305664K, used 26214K [0x00000000eab00000, 0x0000000100000000)
                  eden space 262144K, 10% used [0x00000000eab00000,0x00000000ec499a60,0x00000000fab00000)
                  from space 43520K, 0% used [0x00000000fd580000,0x00000000fd580000,0x0000000100000000)
                 ParOldGen       total 699392K, used 1000K [0x00000000c0000000, 0x00000000eab00000)
                  object space 699392K, 0% used [0x00000000c0000000,0x00000000c0000000,0x00000000eab00000)
                 Metaspace       used 8999K, committed 9152K, reserved 1114112K
                  class space    used 1076K, committed 1152K, reserved 1048576K
                """;

        assertEquals((26214 + 1000) * 1024L, Jcmd.heapUsedBytes(heapInfo));
    }

    @Test
    void readsG1sSingleHeap() {
        String heapInfo = """
                 garbage-first heap   total 1048576K, used 12345K [0x00000000c0000000, 0x0000000100000000)
                  region size 1024K, 3 young (3072K), 0 survivors (0K)
                 Metaspace       used 8999K, committed 9152K, reserved 1114112K
                """;

        assertEquals(12345 * 1024L, Jcmd.heapUsedBytes(heapInfo));
    }

    @Test
    void failsOnOutputWithoutHeapSpaces() {
        assertThrows(IllegalStateException.class, () -> Jcmd.heapUsedBytes("12345:\nCould not attach\n"));
    }

    @Test
    void readsTheCommittedOtherCategory() {
        String summary = """
                Total: reserved=2498250KB, committed=1134274KB
                -                 Java Heap (reserved=1048576KB, committed=1048576KB)
                                            (mmap: reserved=1048576KB, committed=1048576KB)
                -                     Other (reserved=1034KB, committed=1030KB)
                                            (malloc=1034KB #3) (at peak)
                """;

        assertEquals(1030 * 1024L, Jcmd.nativeOtherBytes(summary));
        assertEquals(0, Jcmd.nativeOtherBytes("Total: reserved=1KB, committed=1KB\n"));
    }

    @Test
    void saysHowToEnableNativeMemoryTracking() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Jcmd.nativeOtherBytes("12345:\nNative memory tracking is not enabled\n"));

        assertEquals("start the JVM with -XX:NativeMemoryTracking=summary", e.getMessage());
    }
}
