package pricefeed.server.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.ws.testing.LeakWatch;
import pricefeed.core.ws.testing.SteadyAllocation;
import pricefeed.server.subscription.OutFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameBatchTest {

    // Not tracked by the leak detector, which under PARANOID would record (and allocate for) every access.
    private static final ByteBufAllocator UNTRACKED = new UnpooledByteBufAllocator(true, true);
    private static final int CAPACITY = 64 * 1024;
    private static final int COPIES = 20_000;

    private static OutFrame frame(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer nio = ByteBuffer.allocateDirect(bytes.length + 3).put(new byte[] {'x', 'y', 'z'}).put(bytes).flip();
        ByteBuf buf = Unpooled.wrappedBuffer(nio);
        buf.skipBytes(3); // a frame need not start at index 0
        return new OutFrame(buf, 0, 0);
    }

    @Test
    void appendsFramesBackToBackAndLeavesTheirIndicesAlone() {
        OutFrame a = frame("{\"a\":1}");
        OutFrame b = frame("{\"bb\":22}");
        FrameBatch batch = new FrameBatch().start(UNTRACKED, 64, 64);
        batch.append(a);
        batch.append(b);
        batch.append(a);
        assertEquals(23, batch.length());
        ByteBuf out = batch.finish();
        try {
            assertEquals("{\"a\":1}{\"bb\":22}{\"a\":1}", out.toString(StandardCharsets.US_ASCII));
            assertEquals(3, a.bytes().readerIndex(), "the shared frame's indices never move");
            assertEquals(7, a.size());
            if (a.view() != null) {
                assertEquals(7, a.view().remaining(), "nor its view's");
            }
        } finally {
            out.release();
            a.bytes().release();
            b.bytes().release();
        }
    }

    @Test
    void aFrameCarriesAViewExactlyWhereNettysOwnCopyWouldAllocate() {
        // Java 17: Netty uses sun.misc.Unsafe and copies memory to memory. Java 24 and later: it does not
        // by default, and each frame carries the view FrameBatch copies from. CI runs the tests on both.
        OutFrame frame = frame("{}");
        try {
            assertEquals(!PlatformDependent.hasUnsafe(), frame.view() != null);
        } finally {
            frame.bytes().release();
        }
    }

    @Test
    void aFrameFitsUpToTheLastByteOfTheMaximum() {
        OutFrame five = frame("12345");
        OutFrame one = frame("1");
        FrameBatch batch = new FrameBatch().start(UNTRACKED, 10, 10);
        try {
            assertTrue(batch.fits(five));
            batch.append(five);
            assertTrue(batch.fits(five), "5 + 5 = 10 fits exactly");
            batch.append(five);
            assertFalse(batch.fits(one), "one byte more does not");
        } finally {
            batch.finish().release();
            five.bytes().release();
            one.bytes().release();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void growsPastItsFirstSizeUpToTheMaximum(boolean pooled) {
        ByteBufAllocator alloc = pooled ? PooledByteBufAllocator.DEFAULT : UNTRACKED;
        OutFrame a = frame("{\"a\":1}");
        OutFrame b = frame("{\"bb\":22}");
        FrameBatch batch = new FrameBatch().start(alloc, 8, 38);
        ByteBuf out = null;
        try {
            batch.append(a);
            batch.append(b);
            batch.append(a);
            assertTrue(batch.fits(a), "23 + 7 = 30 of 38");
            batch.append(a);
            assertFalse(batch.fits(b), "30 + 9 > 38");
            out = batch.finish();
            assertEquals("{\"a\":1}{\"bb\":22}{\"a\":1}{\"a\":1}", out.toString(StandardCharsets.US_ASCII));
        } finally {
            if (out != null) {
                out.release();
            }
            a.bytes().release();
            b.bytes().release();
        }
    }

    /** A connection reuses one batch object: each batch starts empty in a buffer of its own. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void startsAgainInANewBufferOnceTheLastBatchIsFinishedOrDiscarded(boolean pooled) {
        ByteBufAllocator alloc = pooled ? PooledByteBufAllocator.DEFAULT : UNTRACKED;
        OutFrame a = frame("{\"a\":1}");
        OutFrame b = frame("{\"bb\":22}");
        FrameBatch batch = new FrameBatch().start(alloc, 8, 64);
        ByteBuf first = null;
        ByteBuf second = null;
        try {
            batch.append(a);
            batch.append(a);
            first = batch.finish();
            batch.start(alloc, 8, 64).append(b);
            assertEquals(9, batch.length());
            second = batch.finish();
            assertEquals("{\"a\":1}{\"a\":1}", first.toString(StandardCharsets.US_ASCII), "the written batch untouched");
            assertEquals("{\"bb\":22}", second.toString(StandardCharsets.US_ASCII));

            batch.start(alloc, 8, 64).append(a);
            assertThrows(IllegalStateException.class, () -> batch.start(alloc, 8, 64), "one batch at a time");
            batch.discard();
            batch.start(alloc, 8, 64).append(b);
            assertEquals(9, batch.length(), "nothing of the discarded batch");
            batch.discard();
        } finally {
            if (first != null) {
                first.release();
            }
            if (second != null) {
                second.release();
            }
            a.bytes().release();
            b.bytes().release();
        }
    }

    @Test
    void copiesFromPooledFramesIntoPooledBatches() {
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(16).writeBytes(new byte[] {'p', 'o', 'o', 'l'});
        OutFrame frame = new OutFrame(pooled, 0, 0);
        FrameBatch batch = new FrameBatch().start(PooledByteBufAllocator.DEFAULT, 8, 8);
        batch.append(frame);
        batch.append(frame);
        ByteBuf out = batch.finish();
        try {
            assertEquals("poolpool", out.toString(StandardCharsets.US_ASCII));
        } finally {
            out.release();
            pooled.release();
        }
    }

    @Test
    void appendingAFrameAllocatesNothing() {
        // What every delivery costs, with the server's own allocator: the copy must not allocate, with or
        // without Netty's use of sun.misc.Unsafe (off by default from Java 24), or a million deliveries a
        // second become young collections. The leak detector is off meanwhile (LeakWatch.untracked).
        LeakWatch.untracked(() -> {
            ByteBufAllocator pooled = PooledByteBufAllocator.DEFAULT;
            List<FrameBatch> batches = new ArrayList<>();
            ByteBuf bytes = pooled.directBuffer(256);
            try {
                bytes.writeCharSequence("{\"type\":\"tick\",\"symbol\":\"MSFT\",\"seq\":77,\"ts\":1763712000124001,"
                        + "\"bid\":\"1.00\",\"ask\":\"2.00\",\"last\":\"1.50\",\"size\":100,\"volume\":100}",
                        StandardCharsets.US_ASCII);
                OutFrame frame = new OutFrame(bytes, 0, 0);
                int[] appended = new int[1];
                Supplier<Runnable> round = () -> {
                    batches.forEach(b -> b.finish().release());
                    batches.clear();
                    for (int i = 0; i < COPIES * frame.size() / CAPACITY + 1; i++) {
                        batches.add(new FrameBatch().start(pooled, CAPACITY, CAPACITY));
                    }
                    appended[0] = 0;
                    return () -> {
                        for (FrameBatch batch : batches) {
                            while (batch.fits(frame) && appended[0] < COPIES) {
                                batch.append(frame);
                                appended[0]++;
                            }
                        }
                    };
                };
                long allocated = SteadyAllocation.lastRound(round, COPIES, 50);
                assertEquals(COPIES, appended[0]);
                // Any allocation per copy would be 16 bytes or more each time.
                assertTrue(allocated < COPIES, "allocated " + allocated + " bytes over " + COPIES + " copies");
            } finally {
                batches.forEach(b -> b.finish().release());
                bytes.release();
            }
        });
    }
}
