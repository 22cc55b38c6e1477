package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadClientTest {

    private final LoadClient client = new LoadClient(E2eSettings.parse(), new Pinning(null), "java");

    /** A real report of feed-simulator.jar loadtest --json (docs/LOADTEST.md), with a progress line after it. */
    private static final String REPORT = "{\"url\":\"ws://127.0.0.1:18111/stream\",\"clients\":100,\"stalledClients\":0,"
            + "\"idleConnections\":0,\"symbols\":[\"*\"],\"throttleMs\":0,\"offeredSeconds\":12.000,\"warmupSeconds\":4.000,"
            + "\"measuredSeconds\":7.992,\"connections\":{\"attempted\":100,\"opened\":100,\"failed\":1,\"failures\":{},"
            + "\"dropped\":2,\"droppedByCode\":{}},\"messages\":{\"delivered\":1768889,\"perSecond\":221326.2,"
            + "\"ticks\":1768889,\"snapshots\":0,\"other\":0,\"errorReplies\":0,\"firstError\":null,\"malformed\":0,"
            + "\"bytes\":226902724},\"latencyMs\":{\"count\":1768889,\"p50\":4.379,\"p90\":654.847,\"p99\":1112.063,"
            + "\"p999\":1639.423,\"max\":1667.071,\"mean\":170.857},\"sequence\":{\"gaps\":3,\"missing\":7,\"conflated\":0,"
            + "\"duplicates\":1,\"epochResets\":0,\"untracked\":0},\"stalled\":{\"clients\":0,\"stalled\":0,\"dropped\":0,"
            + "\"droppedWithClose1008\":0,\"medianMsToDrop\":null,\"maxMsToDrop\":null,\"backlogMessages\":0},"
            + "\"idle\":{\"requested\":0,\"opened\":0,\"stillOpen\":0}}\n";

    @Test
    void readsTheFiguresOfTheJsonReport() {
        LoadResult r = client.parse(REPORT);

        assertEquals(new LoadResult(7.992, 1768889, 221326.2, 4379, 1112063, 1639423, 1667071, 3, 7, 1, 3), r);
    }

    @Test
    void nothingTimedReadsAsNaN() {
        LoadResult r = client.parse(REPORT.replace("\"p99\":1112.063", "\"p99\":null"));

        assertTrue(Double.isNaN(r.p99Micros()));
    }

    @Test
    void outputWithoutReportIsAnError() {
        assertThrows(IllegalStateException.class, () -> client.parse("t=1s conns=30/100 msgs/s=127\n"));
        assertThrows(IllegalStateException.class, () -> client.parse("{\"url\":\"x\"}"));
    }
}
