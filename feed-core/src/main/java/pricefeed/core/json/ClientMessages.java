package pricefeed.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes client messages, for our load client, the dashboard's tests and the server's tests. Field order
 * follows PROTOCOL.md §4: {@code op}, {@code symbols}, {@code from}, {@code epoch}, {@code throttleMs}, then
 * {@code id}; absent optional fields (null id or epoch, empty from, throttle 0) are omitted.
 */
public final class ClientMessages {

    private ClientMessages() {
    }

    /**
     * @param message any client message
     * @return its JSON text
     */
    public static String toJson(ClientMessage message) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JsonFactories.FACTORY.createGenerator(text)) {
            write(message, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does no I/O
        }
        return text.toString();
    }

    /**
     * @param message any client message
     * @param out     where to append its UTF-8 JSON
     */
    public static void write(ClientMessage message, ByteBuf out) {
        JsonFactories.generate(out, g -> write(message, g));
    }

    /**
     * @param id      the request id, or {@code null}
     * @param symbols what to subscribe to ({@code "*"} for all)
     * @return {@code {"op":"subscribe","symbols":[...],"id":...}}
     */
    public static String subscribe(JsonId id, List<String> symbols) {
        return toJson(ClientMessage.Subscribe.of(id, symbols));
    }

    /**
     * @param id      the request id, or {@code null}
     * @param symbols what to unsubscribe from
     * @return {@code {"op":"unsubscribe","symbols":[...],"id":...}}
     */
    public static String unsubscribe(JsonId id, List<String> symbols) {
        return toJson(new ClientMessage.Unsubscribe(id, symbols));
    }

    /**
     * @param id the request id, or {@code null}
     * @return {@code {"op":"symbols","id":...}}
     */
    public static String listSymbols(JsonId id) {
        return toJson(new ClientMessage.ListSymbols(id));
    }

    /**
     * @param id the request id, or {@code null}
     * @return {@code {"op":"ping","id":...}}
     */
    public static String ping(JsonId id) {
        return toJson(new ClientMessage.Ping(id));
    }

    private static void write(ClientMessage message, JsonGenerator g) throws IOException {
        g.writeStartObject();
        if (message instanceof ClientMessage.Subscribe) {
            ClientMessage.Subscribe s = (ClientMessage.Subscribe) message;
            g.writeStringField(JsonProtocol.FIELD_OP, JsonProtocol.OP_SUBSCRIBE);
            writeSymbols(s.symbols(), g);
            if (!s.from().isEmpty()) {
                g.writeObjectFieldStart(JsonProtocol.FIELD_FROM);
                for (Map.Entry<String, Long> e : s.from().entrySet()) {
                    g.writeNumberField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            if (s.epoch() != null) {
                g.writeStringField(JsonProtocol.FIELD_EPOCH, s.epoch());
            }
            if (s.throttleMs() != JsonProtocol.THROTTLE_NONE) {
                g.writeNumberField(JsonProtocol.FIELD_THROTTLE_MS, s.throttleMs());
            }
        } else if (message instanceof ClientMessage.Unsubscribe) {
            g.writeStringField(JsonProtocol.FIELD_OP, JsonProtocol.OP_UNSUBSCRIBE);
            writeSymbols(((ClientMessage.Unsubscribe) message).symbols(), g);
        } else if (message instanceof ClientMessage.ListSymbols) {
            g.writeStringField(JsonProtocol.FIELD_OP, JsonProtocol.OP_SYMBOLS);
        } else {
            g.writeStringField(JsonProtocol.FIELD_OP, JsonProtocol.OP_PING);
        }
        if (message.id() != null) {
            g.writeFieldName(JsonProtocol.FIELD_ID);
            g.writeRawValue(message.id().json());
        }
        g.writeEndObject();
    }

    private static void writeSymbols(List<String> symbols, JsonGenerator g) throws IOException {
        g.writeArrayFieldStart(JsonProtocol.FIELD_SYMBOLS);
        for (String symbol : symbols) {
            g.writeString(symbol);
        }
        g.writeEndArray();
    }
}
