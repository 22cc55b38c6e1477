package pricefeed.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes the server's messages on {@code /stream} (PROTOCOL.md §4) as UTF-8 JSON at a buffer's writer index,
 * field order exactly as the protocol shows; the caller frames them. An {@code id} that is {@code null} is
 * omitted.
 *
 * <p>{@link #tick} and {@link #snapshot} run once per tick for all subscribers, so they are hand-written
 * and allocation-free; {@link #heartbeat} and {@link #pong} carry no free text and are hand-written too. The
 * rest go through Jackson's {@link JsonGenerator}, which escapes the text they carry. If writing fails the
 * buffer's writer index is left where it was.
 */
public final class ServerMessages {

    private ServerMessages() {
    }

    /** The longest {@code tick} or {@code snapshot} message, for sizing buffers. */
    public static final int MAX_TICK_JSON_BYTES = TickJson.MAX_LENGTH;

    private static final byte[] HEARTBEAT_PREFIX = "{\"type\":\"heartbeat\",\"ts\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG_PREFIX = "{\"type\":\"pong\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_FIELD = ",\"id\":".getBytes(StandardCharsets.US_ASCII);

    /** The length of every {@code heartbeat} message, for sizing buffers. */
    public static final int MAX_HEARTBEAT_JSON_BYTES = HEARTBEAT_PREFIX.length + AsciiDigits.MAX_LONG_LENGTH + 1;

    /**
     * {@code {"type":"tick","symbol":...,"seq":...,"ts":...,"bid":...,"ask":...,"last":...,"size":...,"volume":...}}.
     *
     * @param tick the tick (symbol within {@code [A-Z0-9._-]}, decimals 0..8)
     * @param out  where to append the message
     */
    public static void tick(Tick tick, ByteBuf out) {
        writeTick(tick, false, out);
    }

    /**
     * The same fields as {@link #tick}, with {@code "type":"snapshot"}.
     *
     * @param tick the symbol's latest state
     * @param out  where to append the message
     */
    public static void snapshot(Tick tick, ByteBuf out) {
        writeTick(tick, true, out);
    }

    private static void writeTick(Tick tick, boolean snapshot, ByteBuf out) {
        if (out.hasArray()) {
            out.ensureWritable(TickJson.MAX_LENGTH);
            int writerIndex = out.writerIndex();
            int start = out.arrayOffset() + writerIndex;
            int end = TickJson.write(tick, snapshot, out.array(), start);
            out.writerIndex(writerIndex + end - start);
        } else {
            byte[] scratch = Scratch.get();
            out.writeBytes(scratch, 0, TickJson.write(tick, snapshot, scratch, 0));
        }
    }

    /**
     * {@code {"type":"heartbeat","ts":...}}.
     *
     * @param tsMicros the server's time, microseconds since the Unix epoch
     * @param out      where to append the message
     */
    public static void heartbeat(long tsMicros, ByteBuf out) {
        byte[] scratch = Scratch.get();
        int pos = TickJson.put(HEARTBEAT_PREFIX, scratch, 0);
        pos = AsciiDigits.writeLong(tsMicros, scratch, pos);
        scratch[pos++] = '}';
        out.writeBytes(scratch, 0, pos);
    }

    /**
     * {@code {"type":"pong","id":...,"ts":...}}.
     *
     * @param id       the ping's id, or {@code null}
     * @param tsMicros the server's time, microseconds since the Unix epoch
     * @param out      where to append the message
     */
    public static void pong(JsonId id, long tsMicros, ByteBuf out) {
        int mark = out.writerIndex();
        try {
            out.writeBytes(PONG_PREFIX);
            if (id != null) {
                out.writeBytes(ID_FIELD);
                id.writeTo(out); // already valid JSON: a string or number token as the client wrote it
            }
            byte[] scratch = Scratch.get();
            int pos = TickJson.put(TickJson.TS, scratch, 0);
            pos = AsciiDigits.writeLong(tsMicros, scratch, pos);
            scratch[pos++] = '}';
            out.writeBytes(scratch, 0, pos);
        } catch (RuntimeException e) {
            out.writerIndex(mark);
            throw e;
        }
    }

    /**
     * {@code {"type":"subscribed","id":...,"symbols":[...],"epoch":...}}.
     *
     * @param id      the subscribe's id, or {@code null} (e.g. for a {@code ?symbols=} connection)
     * @param symbols the symbols now subscribed
     * @param epoch   the current epoch
     * @param out     where to append the message
     */
    public static void subscribed(JsonId id, List<String> symbols, String epoch, ByteBuf out) {
        Objects.requireNonNull(symbols, "symbols");
        Objects.requireNonNull(epoch, "epoch");
        generate(out, g -> {
            start(g, JsonProtocol.TYPE_SUBSCRIBED, id);
            writeStrings(g, symbols);
            g.writeStringField(JsonProtocol.FIELD_EPOCH, epoch);
        });
    }

    /**
     * {@code {"type":"unsubscribed","id":...,"symbols":[...]}}.
     *
     * @param id      the unsubscribe's id, or {@code null}
     * @param symbols the symbols no longer subscribed
     * @param out     where to append the message
     */
    public static void unsubscribed(JsonId id, List<String> symbols, ByteBuf out) {
        Objects.requireNonNull(symbols, "symbols");
        generate(out, g -> {
            start(g, JsonProtocol.TYPE_UNSUBSCRIBED, id);
            writeStrings(g, symbols);
        });
    }

    /**
     * {@code {"type":"symbols","id":...,"symbols":[{"symbol":"AAPL","decimals":2},...]}}.
     *
     * @param id    the request's id, or {@code null}
     * @param specs every symbol
     * @param out   where to append the message
     */
    public static void symbols(JsonId id, List<SymbolSpec> specs, ByteBuf out) {
        Objects.requireNonNull(specs, "specs");
        generate(out, g -> {
            start(g, JsonProtocol.TYPE_SYMBOLS, id);
            g.writeArrayFieldStart(JsonProtocol.FIELD_SYMBOLS);
            for (SymbolSpec spec : specs) {
                g.writeStartObject();
                g.writeStringField(JsonProtocol.FIELD_SYMBOL, spec.symbol());
                g.writeNumberField(JsonProtocol.FIELD_DECIMALS, spec.decimals());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /**
     * {@code {"type":"error","id":...,"code":...,"message":...}}.
     *
     * @param id      the failed request's id, or {@code null}
     * @param code    what kind of error
     * @param message one line for a human; any text (it is escaped)
     * @param out     where to append the message
     */
    public static void error(JsonId id, ErrorCode code, String message, ByteBuf out) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        generate(out, g -> {
            start(g, JsonProtocol.TYPE_ERROR, id);
            g.writeStringField(JsonProtocol.FIELD_CODE, code.wire());
            g.writeStringField(JsonProtocol.FIELD_MESSAGE, message);
        });
    }

    /**
     * Convenience for the web listener, logs and tests:
     * {@code ServerMessages.json(out -> ServerMessages.snapshot(tick, out))}. Allocates.
     *
     * @param writer one of this class's methods, applied to a fresh buffer
     * @return what it wrote, as a String
     */
    public static String json(Consumer<ByteBuf> writer) {
        ByteBuf buf = Unpooled.buffer(MAX_TICK_JSON_BYTES);
        try {
            writer.accept(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } finally {
            buf.release();
        }
    }

    /** One JSON object whose fields {@code fields} writes. */
    private static void generate(ByteBuf out, JsonFactories.Writing fields) {
        JsonFactories.generate(out, g -> {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        });
    }

    private static void start(JsonGenerator g, String type, JsonId id) throws IOException {
        g.writeStringField(JsonProtocol.FIELD_TYPE, type);
        if (id != null) {
            g.writeFieldName(JsonProtocol.FIELD_ID);
            g.writeRawValue(id.json()); // already valid JSON: a string or number token as the client wrote it
        }
    }

    private static void writeStrings(JsonGenerator g, List<String> strings) throws IOException {
        g.writeArrayFieldStart(JsonProtocol.FIELD_SYMBOLS);
        for (String s : strings) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
