package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.market.Tick;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseFormatTest {

    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final Tick TICK = new Tick("BRK.B", 2, 1235, 1_763_712_000_124_001L, 18_912, 18_915, 18_915, 300,
            1_523_700);

    /** @return the buffer as UTF-8 text; releases it */
    static String text(ByteBuf b) {
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    private static String format(String json) {
        ByteBuf in = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            String out = text(SseFormat.event(ALLOC, in, "e7f3a1b2"));
            assertEquals(0, in.readerIndex(), "the message is not consumed");
            return out;
        } finally {
            in.release();
        }
    }

    @Test
    void aTickIsATickEventWithItsIdAndTheSameJson() {
        String json = ServerMessages.json(out -> ServerMessages.tick(TICK, out));
        assertEquals("event: tick\nid: e7f3a1b2:BRK.B:1235\ndata: " + json + "\n\n", format(json));
    }

    @Test
    void aSnapshotIsASnapshotEvent() {
        String json = ServerMessages.json(out -> ServerMessages.snapshot(TICK, out));
        assertEquals("event: snapshot\nid: e7f3a1b2:BRK.B:1235\ndata: " + json + "\n\n", format(json));
    }

    @Test
    void anyOtherMessageIsADataOnlyEvent() {
        String json = ServerMessages.json(out -> ServerMessages.heartbeat(5, out));
        assertEquals("data: " + json + "\n\n", format(json));
    }

    @Test
    void retryAndHeartbeat() {
        assertEquals("retry: 1000\n\n", text(SseFormat.retry(ALLOC, 1000)));
        assertEquals(": hb\n\n", text(SseFormat.heartbeat(ALLOC)));
    }
}
