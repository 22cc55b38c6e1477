package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GcLogTest {

    @Test
    void sumsEveryPauseAndKeepsTheLongest() {
        GcLog gc = GcLog.parse("""
                [0.004s][info][gc] Using Parallel
                [14.705s][info][gc] GC(8) Pause Young (Allocation Failure) 308M->23M(977M) 12.143ms
                [16.061s][info][gc] GC(9) Pause Full (System.gc()) 310M->26M(995M) 31.5ms
                [17.394s][info][gc] GC(10) Pause Young (Allocation Failure) 310M->28M(969M) 0.357ms
                """);

        assertEquals(3, gc.pauses());
        assertEquals(12.143 + 31.5 + 0.357, gc.totalMs(), 1e-9);
        assertEquals(31.5, gc.maxMs());
    }

    @Test
    void aMissingLogIsNoPauses() {
        assertEquals(GcLog.NONE, GcLog.read(Path.of("/nonexistent/gc.log")));
        assertEquals("-Xlog:gc:file=/tmp/x-gc.log", GcLog.option(Path.of("/tmp/x-gc.log")));
    }
}
