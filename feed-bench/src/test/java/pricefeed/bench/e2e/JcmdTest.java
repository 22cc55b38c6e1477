package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JcmdTest {

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
