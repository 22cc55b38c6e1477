package pricefeed.simulator.load;

import pricefeed.simulator.text.OneLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link LoadReport} as the two-column text table {@code loadtest} prints. */
final class ReportTable {

    private ReportTable() {
    }

    private record Row(String label, String value) {
    }

    /**
     * @param r the report
     * @return the table, lines ending in {@code \n}
     */
    static String write(LoadReport r) {
        LoadPlan p = r.plan();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("url", p.url() + " (symbols " + String.join(",", p.symbols())
                + (p.throttleMs() > 0 ? ", throttle " + p.throttleMs() + " ms" : "") + ")"));
        rows.add(new Row("offered duration", Durations.format(p.duration())
                + String.format(Locale.ROOT, " (measured %.3f s after a %s warm-up)", r.measuredSeconds(),
                Durations.format(p.warmup()))));

        LoadReport.Connections c = r.connections();
        rows.add(new Row("connections opened", count(c.opened()) + " of " + count(c.attempted())
                + (p.idle() > 0 ? " (" + count(p.clients()) + " clients, " + count(p.idle()) + " idle)" : "")));
        if (p.clients() > 0) {
            rows.add(new Row("clients subscribed", count(c.subscribed()) + " of "
                    + count(c.opened() - r.idle().opened()) + " opened"));
        }
        rows.add(new Row("connections failed", count(c.failed()) + breakdown(c.failures())));
        rows.add(new Row("dropped by server", count(c.dropped()) + breakdown(c.droppedByCode())));
        if (c.protocolErrors() > 0) {
            rows.add(new Row("server protocol errors", count(c.protocolErrors())
                    + breakdown(c.protocolErrorsByCode())));
        }

        LoadReport.Messages m = r.messages();
        rows.add(new Row("messages delivered", count(m.delivered()) + " (ticks " + count(m.ticks())
                + ", snapshots " + count(m.snapshots()) + "; other " + count(m.other()) + ")"));
        rows.add(new Row("messages/s", perSecond(m.perSecond())));
        if (m.errorReplies() > 0) {
            rows.add(new Row("error replies", count(m.errorReplies()) + " (first: " + m.firstError() + ")"));
        }
        if (m.malformed() > 0) {
            rows.add(new Row("malformed messages", count(m.malformed())));
        }

        LoadReport.Latency l = r.latency();
        rows.add(new Row("latency p50 (ms)", millis(l.p50())));
        rows.add(new Row("latency p90 (ms)", millis(l.p90())));
        rows.add(new Row("latency p99 (ms)", millis(l.p99())));
        rows.add(new Row("latency p99.9 (ms)", millis(l.p999())));
        rows.add(new Row("latency max (ms)", millis(l.max())));

        LoadReport.Sequence s = r.sequence();
        rows.add(new Row("gaps (seqs missing)", count(s.gaps()) + " (" + count(s.missing()) + ")"));
        rows.add(new Row("conflated seqs", count(s.conflated())));
        rows.add(new Row("duplicates", count(s.duplicates())));
        if (s.epochResets() > 0) {
            rows.add(new Row("epoch resets", count(s.epochResets())));
        }
        if (s.untracked() > 0) {
            rows.add(new Row("untracked ticks", count(s.untracked())));
        }

        LoadReport.Stalled st = r.stalled();
        if (st.clients() > 0) {
            rows.add(new Row("stalled clients dropped", count(st.dropped()) + " of " + count(st.stalled())
                    + " stalled (" + count(st.droppedWithClose1008()) + " with close 1008)"));
            rows.add(new Row("time to drop (ms)", Double.isNaN(st.medianMsToDrop()) ? "-"
                    : "median " + count(Math.round(st.medianMsToDrop())) + ", max "
                    + count(Math.round(st.maxMsToDrop())) + " after stalling"));
        }
        LoadReport.Idle i = r.idle();
        if (i.requested() > 0) {
            rows.add(new Row("idle still open", count(i.stillOpen()) + " of " + count(i.opened()) + " opened"));
        }
        return render(rows);
    }

    /** @return " (key: n, key: n)", or nothing for an empty map */
    private static String breakdown(Map<?, Integer> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (");
        for (Map.Entry<?, Integer> e : counts.entrySet()) {
            if (sb.length() > 2) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(": ").append(count(e.getValue()));
        }
        return sb.append(')').toString();
    }

    private static String render(List<Row> rows) {
        int width = "metric".length();
        for (Row row : rows) {
            width = Math.max(width, row.label().length());
        }
        StringBuilder sb = new StringBuilder();
        String format = "%-" + width + "s  %s%n";
        sb.append(String.format(Locale.ROOT, format, "metric", "value"));
        sb.append(String.format(Locale.ROOT, format, "-".repeat(width), "-".repeat(5)));
        for (Row row : rows) {
            sb.append(String.format(Locale.ROOT, format, row.label(), OneLine.of(row.value())));
        }
        return sb.toString().replace(System.lineSeparator(), "\n");
    }

    /** @return a count with thousands separators: 1,234,567 */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** @return a rate to the whole number, with thousands separators, or "-" when nothing was measured */
    static String perSecond(double rate) {
        return Double.isNaN(rate) ? "-" : count(Math.round(rate));
    }

    /** @return milliseconds to 3 decimals (µs), or "-" when nothing was measured */
    static String millis(double ms) {
        return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.3f", ms);
    }
}
