package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import pricefeed.core.json.TickHeader;

import java.nio.charset.StandardCharsets;

/**
 * Server-sent events as bytes (WHATWG HTML, "Server-sent events"). A tick or snapshot becomes
 * <pre>
 * event: tick
 * id: EPOCH:SYMBOL:SEQ
 * data: {"type":"tick",...}
 * </pre>
 * and a blank line; the JSON is the stream's own (it never holds a line break), copied, not re-encoded.
 */
final class SseFormat {

    private static final byte[] EVENT_TICK = ascii("event: tick\nid: ");
    private static final byte[] EVENT_SNAPSHOT = ascii("event: snapshot\nid: ");
    private static final byte[] DATA = ascii("data: ");
    private static final byte[] END = ascii("\n\n");
    private static final byte[] HEARTBEAT = ascii(": hb\n\n");
    /** Room for the event and id lines: the longer event line, an epoch, a 32-character symbol, a seq. */
    private static final int HEAD_ROOM = 96;

    private SseFormat() {
    }

    /**
     * @param alloc where the buffer comes from
     * @param ms    the reconnect delay
     * @return {@code retry: <ms>} and a blank line
     */
    static ByteBuf retry(ByteBufAllocator alloc, int ms) {
        return text(alloc, "retry: " + ms + "\n\n");
    }

    /**
     * @param alloc where the buffer comes from
     * @return a comment line and a blank line, which clients ignore and proxies see as traffic
     */
    static ByteBuf heartbeat(ByteBufAllocator alloc) {
        return alloc.buffer(HEARTBEAT.length).writeBytes(HEARTBEAT);
    }

    /**
     * @param alloc a buffer source
     * @param json  a complete stream message; neither released nor moved
     * @param epoch the current epoch, for the event's id
     * @return the event: {@code event:} and {@code id:} for a tick or snapshot, then {@code data:}
     */
    static ByteBuf event(ByteBufAllocator alloc, ByteBuf json, String epoch) {
        TickHeader header = TickHeader.peek(json);
        int length = json.readableBytes();
        ByteBuf out = alloc.buffer(HEAD_ROOM + DATA.length + length + END.length);
        if (header != null) {
            out.writeBytes(header.snapshot() ? EVENT_SNAPSHOT : EVENT_TICK);
            out.writeCharSequence(epoch, StandardCharsets.US_ASCII);
            out.writeByte(':');
            out.writeCharSequence(header.symbol(), StandardCharsets.US_ASCII);
            out.writeByte(':');
            out.writeCharSequence(Long.toString(header.seq()), StandardCharsets.US_ASCII);
            out.writeByte('\n');
        }
        out.writeBytes(DATA);
        out.writeBytes(json, json.readerIndex(), length);
        out.writeBytes(END);
        return out;
    }

    private static ByteBuf text(ByteBufAllocator alloc, String text) {
        byte[] bytes = ascii(text);
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
