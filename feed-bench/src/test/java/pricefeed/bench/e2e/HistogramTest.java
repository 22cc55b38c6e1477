package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistogramTest {

    private static final String BEFORE = """
            31033:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         21562        2389576  [B (java.base@17.0.15)
               2:          9307         819016  io.netty.buffer.PooledUnsafeDirectByteBuf
               3:          4502         630056  [Ljava.lang.Object; (java.base@17.0.15)
            Total         35371        3838648
            """;
    private static final String AFTER = """
            31033:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         27990        2641032  [B (java.base@17.0.15)
               2:          2016        1177344  io.netty.util.internal.shaded.org.jctools.queues.MpscChunkedArrayQueue
               3:          9307         819016  io.netty.buffer.PooledUnsafeDirectByteBuf
               4:          4000         600000  [Ljava.lang.Object; (java.base@17.0.15)
            Total         43313        5237392
            """;

    @Test
    void readsTheLiveTotal() {
        assertEquals(3838648, Histogram.parse(BEFORE).totalBytes());
    }

    @Test
    void listsGrowthLargestFirstIncludingNewClassesAndShrinkage() {
        List<Histogram.Growth> growth = Histogram.parse(AFTER).grownSince(Histogram.parse(BEFORE), 10);

        assertEquals(List.of(
                new Histogram.Growth("io.netty.util.internal.shaded.org.jctools.queues.MpscChunkedArrayQueue", 2016, 1177344),
                new Histogram.Growth("[B", 6428, 251456),
                new Histogram.Growth("io.netty.buffer.PooledUnsafeDirectByteBuf", 0, 0),
                new Histogram.Growth("[Ljava.lang.Object;", -502, -30056)), growth);
        assertEquals(2, Histogram.parse(AFTER).grownSince(Histogram.parse(BEFORE), 2).size());
    }

    @Test
    void anAnswerWithoutTotalIsAnError() {
        assertThrows(IllegalStateException.class, () -> Histogram.parse("31033:\ncom.sun.tools.attach.AttachNotSupportedException\n"));
    }
}
