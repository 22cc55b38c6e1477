package pricefeed.simulator.load;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import pricefeed.simulator.text.OneLine;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTableTest {

    @Test
    void theFinalTable() {
        LoadPlan plan = LoadPlan.builder(URI.create("ws://127.0.0.1:8081/stream")).clients(100).stalled(10).idle(50)
                .duration(Duration.ofSeconds(10)).warmup(Duration.ofSeconds(1)).build();
        LoadReport r = new LoadReport(plan, 9.0,
                new LoadReport.Connections(160, 158, 107, 2, Map.of("Connection refused: /127.0.0.1:8081", 2),
                        "Connection refused: /127.0.0.1:8081", 3,
                        Map.of(1008, 2, 1006, 1), 1, Map.of(1002, 1)),
                new LoadReport.Messages(1_800_045, 200_005.0, 1_800_000, 45, 160, 0, null, 0, 297_000_000),
                new LoadReport.Latency(1_800_000, 0.412, 0.8, 1.203, 3.1, 12.4, 0.5),
                new LoadReport.Sequence(1, 4, 0, 0, 0, 0),
                new LoadReport.Stalled(10, 10, 9, 9, 2412.5, 2900.0, 12_345),
                new LoadReport.Idle(50, 50, 49));
        assertEquals("""
                metric                   value
                -----------------------  -----
                url                      ws://127.0.0.1:8081/stream (symbols *)
                offered duration         10s (measured 9.000 s after a 1s warm-up)
                connections opened       158 of 160 (100 clients, 50 idle)
                clients subscribed       107 of 108 opened
                connections failed       2 (Connection refused: /127.0.0.1:8081: 2)
                dropped by server        3 (1006: 1, 1008: 2)
                server protocol errors   1 (1002: 1)
                messages delivered       1,800,045 (ticks 1,800,000, snapshots 45; other 160)
                messages/s               200,005
                latency p50 (ms)         0.412
                latency p90 (ms)         0.800
                latency p99 (ms)         1.203
                latency p99.9 (ms)       3.100
                latency max (ms)         12.400
                gaps (seqs missing)      1 (4)
                conflated seqs           0
                duplicates               0
                stalled clients dropped  9 of 10 stalled (9 with close 1008)
                time to drop (ms)        median 2,413, max 2,900 after stalling
                idle still open          49 of 50 opened
                """, r.toTable());
    }

    @Test
    void aFigureWithNothingToMeasureIsADashWhereTheJsonHasNull() {
        LoadPlan plan = LoadPlan.builder(URI.create("ws://127.0.0.1:8081/stream")).clients(1).build();
        LoadReport r = new LoadReport(plan, 0,
                new LoadReport.Connections(1, 0, 0, 1, Map.of("Connection refused", 1), "Connection refused", 0,
                        Map.of(), 0, Map.of()),
                new LoadReport.Messages(0, Double.NaN, 0, 0, 0, 0, null, 0, 0),
                Reports.latency(new Histogram(3)),
                new LoadReport.Sequence(0, 0, 0, 0, 0, 0),
                new LoadReport.Stalled(0, 0, 0, 0, Double.NaN, Double.NaN, 0),
                new LoadReport.Idle(0, 0, 0));

        assertTrue(r.toJson().contains("\"perSecond\":null"), r.toJson());
        assertEquals("-", value(r.toTable(), "messages/s"), r.toTable());
        assertEquals("-", value(r.toTable(), "latency p50 (ms)"), r.toTable());
    }

    /** @return the value on the table's row with this label */
    private static String value(String table, String label) {
        return table.lines().filter(line -> line.startsWith(label + "  ")).findFirst()
                .map(line -> line.substring(label.length()).strip()).orElseThrow();
    }

    @Test
    void textFromTheServerStaysOnItsRowWithControlCharactersEscaped() {
        assertEquals("bad_request: two\\nlines \\u001b[31mred\\u001b[0m\\ttab \\u0085 é", OneLine.of(
                "bad_request: two\nlines \u001b[31mred\u001b[0m\ttab \u0085 é"));
        String plain = "unknown_symbol: unknown symbol: FOO";
        assertSame(plain, OneLine.of(plain));
    }
}
