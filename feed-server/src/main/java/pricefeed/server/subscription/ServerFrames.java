package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.market.Tick;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.frame.FrameEncoder;

import java.util.function.Consumer;

/**
 * Builds complete server text frames around JSON written in place: the payload is written after a
 * gap as long as the longest unmasked header, then the header is written right before it, so a
 * message is encoded and framed with no copy and no length known in advance.
 */
public final class ServerFrames {

    /** The longest unmasked frame header: 2 bytes plus a 64-bit length. */
    private static final int HEADER_GAP = WebSocketProtocol.MAX_HEADER_LENGTH - WebSocketProtocol.MASK_KEY_LENGTH;
    /** Enough for any tick or snapshot message of any symbol: the buffer never grows while writing. */
    private static final int TICK_CAPACITY = HEADER_GAP + ServerMessages.MAX_TICK_JSON_BYTES;
    /** The longest tick frame, header included: what a history's slot holds. */
    static final int MAX_TICK_FRAME_BYTES = FrameEncoder.headerLength(ServerMessages.MAX_TICK_JSON_BYTES, false)
            + ServerMessages.MAX_TICK_JSON_BYTES;

    private final ByteBufAllocator alloc;

    /** @param alloc where frame buffers come from (pooled, direct in production) */
    public ServerFrames(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** @return the allocator frames come from (queues copy frames into batches from the same one) */
    public ByteBufAllocator alloc() {
        return alloc;
    }

    /**
     * @param tick the tick
     * @return a {@code "type":"tick"} text frame
     */
    public ByteBuf tick(Tick tick) {
        ByteBuf buf = start(TICK_CAPACITY);
        ServerMessages.tick(tick, buf);
        return finish(buf);
    }

    /**
     * @param tick the symbol's latest state
     * @return a {@code "type":"snapshot"} text frame
     */
    public ByteBuf snapshot(Tick tick) {
        ByteBuf buf = start(TICK_CAPACITY);
        ServerMessages.snapshot(tick, buf);
        return finish(buf);
    }

    /**
     * @param estimate expected payload size (the buffer grows if needed)
     * @param writer   writes the JSON payload
     * @return a text frame holding what the writer wrote
     */
    public ByteBuf text(int estimate, Consumer<ByteBuf> writer) {
        ByteBuf buf = start(HEADER_GAP + estimate);
        try {
            writer.accept(buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        return finish(buf);
    }

    /**
     * Where the payload of a frame built here starts, so consumers that want the bare JSON (SSE) can
     * read it without re-encoding.
     *
     * @param frame a frame built by this class
     * @return the payload as a slice sharing the frame's memory (not retained)
     */
    public static ByteBuf payload(ByteBuf frame) {
        int at = frame.readerIndex();
        int len7 = frame.getUnsignedByte(at + 1) & WebSocketProtocol.B1_MASK_LENGTH;
        int header = WebSocketProtocol.BASE_HEADER_LENGTH
                + (len7 == WebSocketProtocol.PAYLOAD_SHORT ? WebSocketProtocol.SHORT_LENGTH_BYTES
                : len7 == WebSocketProtocol.PAYLOAD_LONG ? WebSocketProtocol.LONG_LENGTH_BYTES : 0);
        return frame.slice(at + header, frame.readableBytes() - header);
    }

    private ByteBuf start(int capacity) {
        ByteBuf buf = alloc.directBuffer(capacity);
        buf.writerIndex(HEADER_GAP);
        return buf;
    }

    private static ByteBuf finish(ByteBuf buf) {
        int payload = buf.writerIndex() - HEADER_GAP;
        int headerStart = HEADER_GAP - FrameEncoder.headerLength(payload, false);
        int end = buf.writerIndex();
        buf.writerIndex(headerStart);
        FrameEncoder.writeHeader(buf, WebSocketProtocol.OPCODE_TEXT, true, payload);
        buf.setIndex(headerStart, end);
        return buf;
    }
}
