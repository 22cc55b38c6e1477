package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import pricefeed.core.market.Tick;
import pricefeed.server.subscription.OutFrame;
import pricefeed.server.subscription.ServerFrames;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class SseEventsTest {

    private final ServerFrames frames = new ServerFrames(UnpooledByteBufAllocator.DEFAULT);
    private final AtomicReference<String> epoch = new AtomicReference<>("e1");
    private final SseEvents events = new SseEvents(epoch::get);

    private OutFrame frame(long seq) {
        return new OutFrame(frames.tick(new Tick("AAPL", 2, seq, 1_000 + seq, 18_900, 18_902, 18_901, 100, 100 * seq)),
                0, 1_000 + seq);
    }


    @Test
    void oneFrameIsFormattedOnceForEveryClient() {
        OutFrame tick = frame(7);
        int start = tick.bytes().readerIndex();
        ByteBuf first = events.eventFor(tick);
        ByteBuf second = events.eventFor(tick);
        assertSame(first.array(), second.array(), "the second client shares the first one's bytes");
        assertEquals(start, tick.bytes().readerIndex(), "the frame is neither consumed");
        assertEquals(1, tick.bytes().refCnt(), "nor released");
        assertEquals(SseFormatTest.text(first), SseFormatTest.text(second));
        tick.bytes().release();
    }

    @Test
    void aNewFrameOrANewEpochIsFormattedAfresh() {
        OutFrame one = frame(1);
        OutFrame two = frame(2);
        String a = SseFormatTest.text(events.eventFor(one));
        String b = SseFormatTest.text(events.eventFor(two));
        assertEquals("event: tick\nid: e1:AAPL:1\n", a.substring(0, a.indexOf("data: ")));
        assertEquals("event: tick\nid: e1:AAPL:2\n", b.substring(0, b.indexOf("data: ")));
        epoch.set("e2");
        String c = SseFormatTest.text(events.eventFor(two));
        assertEquals("event: tick\nid: e2:AAPL:2\n", c.substring(0, c.indexOf("data: ")));
        one.bytes().release();
        two.bytes().release();
    }
}
