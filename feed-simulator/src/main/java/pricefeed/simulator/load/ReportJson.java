package pricefeed.simulator.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** Writes a {@link LoadReport} as one JSON object; the field names are the contract documented there. */
final class ReportJson {

    private ReportJson() {
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /**
     * @param r the report
     * @return its JSON, one line
     */
    static String write(LoadReport r) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(text)) {
            LoadPlan p = r.plan();
            g.writeStartObject();
            g.writeStringField("url", p.url().toString());
            g.writeNumberField("clients", p.clients());
            g.writeNumberField("stalledClients", p.stalled());
            g.writeNumberField("idleConnections", p.idle());
            g.writeArrayFieldStart("symbols");
            for (String s : p.symbols()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeNumberField("throttleMs", p.throttleMs());
            number(g, "offeredSeconds", p.duration().toMillis() / 1000.0, 3);
            number(g, "warmupSeconds", p.warmup().toMillis() / 1000.0, 3);
            number(g, "measuredSeconds", r.measuredSeconds(), 3);

            LoadReport.Connections c = r.connections();
            g.writeObjectFieldStart("connections");
            g.writeNumberField("attempted", c.attempted());
            g.writeNumberField("opened", c.opened());
            g.writeNumberField("subscribed", c.subscribed());
            g.writeNumberField("failed", c.failed());
            g.writeObjectFieldStart("failures");
            for (Map.Entry<String, Integer> e : c.failures().entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeStringField("firstFailure", c.firstFailure());
            g.writeNumberField("dropped", c.dropped());
            byCode(g, "droppedByCode", c.droppedByCode());
            g.writeNumberField("protocolErrors", c.protocolErrors());
            byCode(g, "protocolErrorsByCode", c.protocolErrorsByCode());
            g.writeEndObject();

            LoadReport.Messages m = r.messages();
            g.writeObjectFieldStart("messages");
            g.writeNumberField("delivered", m.delivered());
            number(g, "perSecond", m.perSecond(), 1);
            g.writeNumberField("ticks", m.ticks());
            g.writeNumberField("snapshots", m.snapshots());
            g.writeNumberField("other", m.other());
            g.writeNumberField("errorReplies", m.errorReplies());
            g.writeStringField("firstError", m.firstError());
            g.writeNumberField("malformed", m.malformed());
            g.writeNumberField("bytes", m.bytes());
            g.writeEndObject();

            LoadReport.Latency l = r.latency();
            g.writeObjectFieldStart("latencyMs");
            g.writeNumberField("count", l.count());
            number(g, "p50", l.p50(), 3);
            number(g, "p90", l.p90(), 3);
            number(g, "p99", l.p99(), 3);
            number(g, "p999", l.p999(), 3);
            number(g, "max", l.max(), 3);
            number(g, "mean", l.mean(), 3);
            g.writeEndObject();

            LoadReport.Sequence s = r.sequence();
            g.writeObjectFieldStart("sequence");
            g.writeNumberField("gaps", s.gaps());
            g.writeNumberField("missing", s.missing());
            g.writeNumberField("conflated", s.conflated());
            g.writeNumberField("duplicates", s.duplicates());
            g.writeNumberField("epochResets", s.epochResets());
            g.writeNumberField("untracked", s.untracked());
            g.writeEndObject();

            LoadReport.Stalled st = r.stalled();
            g.writeObjectFieldStart("stalled");
            g.writeNumberField("clients", st.clients());
            g.writeNumberField("stalled", st.stalled());
            g.writeNumberField("dropped", st.dropped());
            g.writeNumberField("droppedWithClose1008", st.droppedWithClose1008());
            number(g, "medianMsToDrop", st.medianMsToDrop(), 1);
            number(g, "maxMsToDrop", st.maxMsToDrop(), 1);
            g.writeNumberField("backlogMessages", st.backlogMessages());
            g.writeEndObject();

            LoadReport.Idle i = r.idle();
            g.writeObjectFieldStart("idle");
            g.writeNumberField("requested", i.requested());
            g.writeNumberField("opened", i.opened());
            g.writeNumberField("stillOpen", i.stillOpen());
            g.writeEndObject();

            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does no I/O
        }
        return text.toString();
    }

    /** An object of counts by close code. */
    private static void byCode(JsonGenerator g, String name, Map<Integer, Integer> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            g.writeNumberField(Integer.toString(e.getKey()), e.getValue());
        }
        g.writeEndObject();
    }

    /** A rounded plain number, or null for NaN (nothing measured). */
    private static void number(JsonGenerator g, String name, double value, int decimals) throws IOException {
        g.writeFieldName(name);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            g.writeNull();
        } else {
            g.writeNumber(BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP));
        }
    }
}
