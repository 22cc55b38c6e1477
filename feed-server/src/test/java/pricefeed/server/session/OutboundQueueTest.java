package pricefeed.server.session;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.testing.LeakWatch;
import pricefeed.core.ws.testing.StarvedAllocator;
import pricefeed.core.ws.testing.SteadyAllocation;
import pricefeed.server.subscription.OutFrame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundQueueTest {

    private static final long SECOND = 1_000_000_000L;
    /** Writes per round of the steady-allocation test. */
    private static final int STEADY_WRITES = 20_000;

    private final MovableChannel channel = new MovableChannel();
    private final List<String> trips = new ArrayList<>();
    private final List<String> writes = new ArrayList<>();
    private final List<ByteBuf> frames = new ArrayList<>();
    private OutboundQueue.Refill refill = OutboundQueue.Refill.of(() -> false, () -> false);

    private OutboundQueue queue(long budget) {
        return queue(budget, 0);
    }

    private OutboundQueue queue(long budget, long writeDelayNanos) {
        return new OutboundQueue(channel, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, budget, 2 * SECOND,
                writeDelayNanos, (overflow, queued) -> trips.add(overflow + "@" + queued),
                (count, bytes, ts) -> writes.add(count + "/" + bytes + "/" + ts), refill);
    }

    private OutFrame frame(String text, long createdNanos, long ts) {
        ByteBuf b = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        frames.add(b);
        return new OutFrame(b, createdNanos, ts);
    }

    /** An embedded channel whose event loop a test can swap for one that is shutting down. */
    private static final class MovableChannel extends EmbeddedChannel {
        private EventLoop loop;

        @Override
        public EventLoop eventLoop() {
            return loop == null ? super.eventLoop() : loop;
        }
    }

    @AfterEach
    void tearDown() {
        channel.loop = null;
        channel.finishAndReleaseAll();
        for (ByteBuf b : frames) {
            assertEquals(0, b.refCnt(), "every queued frame released");
        }
    }

    @Test
    void coalescesQueuedFramesIntoOneWriteAndOneFlush() {
        OutboundQueue q = queue(1024);
        assertTrue(q.offer(frame("aaa", 0, 7)));
        assertTrue(q.offer(frame("bb", 1, 5)));
        assertTrue(q.offer(frame("c", 2, 0)));
        assertEquals(6, q.queuedBytes());
        channel.runPendingTasks();
        ByteBuf written = channel.readOutbound();
        assertEquals("aaabbc", written.toString(StandardCharsets.US_ASCII));
        written.release();
        assertNull(channel.readOutbound(), "one write for the whole batch");
        assertEquals(List.of("3/6/5"), writes, "count, bytes and the oldest tick ts");
        assertEquals(0, q.queuedBytes());
    }

    /** An idle connection's heartbeats must not make the queue, which would add about 0.9 KiB to it for good. */
    @Test
    void aLoneFrameOnAConnectionThatNeverQueuedIsWrittenAndFlushedAtOnceWithoutMakingTheQueue() {
        OutboundQueue q = queue(1024);
        assertTrue(q.offerAlone(frame("hb1", 0, 0)));
        assertEquals(List.of("hb1"), written(), "written and flushed with no task run");
        assertEquals(List.of("1/3/0"), writes);
        assertFalse(q.madeQueue());

        assertTrue(q.offer(frame("aaa", 1, 7)));
        assertTrue(q.offerAlone(frame("hb2", 2, 0)));
        assertEquals(List.of(), written(), "once frames queue, a lone frame queues behind them");
        channel.runPendingTasks();
        assertEquals(List.of("aaahb2"), written());
    }

    @Test
    void aLoneFrameQueuesWhileTheSocketIsFullOrARefillWaits() {
        boolean[] pending = {true};
        refill = OutboundQueue.Refill.of(() -> false, () -> pending[0]);
        OutboundQueue q = queue(1024);
        assertTrue(q.offerAlone(frame("hb1", 0, 0)));
        assertTrue(q.madeQueue(), "a snapshot waiting to be pulled goes first");
        pending[0] = false;
        channel.runPendingTasks();
        assertEquals(List.of("hb1"), written());

        OutboundQueue full = queue(1024);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertTrue(full.offerAlone(frame("hb2", 0, 0)));
        assertTrue(full.madeQueue(), "an unwritable socket holds it in the counted queue");
        assertEquals(List.of(), written());
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        full.drain();
        assertEquals(List.of("hb2"), written());
    }

    @Test
    void aWriteDelayHoldsTheFirstFrameThatLongAndWritesEverythingOfferedMeanwhileInOneWrite() {
        channel.freezeTime();
        OutboundQueue q = queue(1024, 2_000_000);
        assertTrue(q.offer(frame("aaa", 0, 7)));
        channel.advanceTimeBy(1_999_999, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        assertEquals(List.of(), written(), "nothing before the delay is up");
        assertTrue(q.offer(frame("bb", 1, 5)), "a later batch joins the pending write");

        channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        assertEquals(List.of("aaabb"), written());
        assertEquals(List.of("2/5/5"), writes);

        assertTrue(q.offer(frame("c", 2, 0)));
        channel.runPendingTasks();
        assertEquals(List.of(), written(), "the next frame waits a whole delay again");
        channel.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        assertEquals(List.of("c"), written());
    }

    @Test
    void aWriteDelayAtOrAboveTheLagBoundIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> queue(1024, 2 * SECOND));
        assertThrows(IllegalArgumentException.class, () -> queue(1024, -1));
    }

    @Test
    void overTheByteBudgetTripsOnceAndRefusesEverythingAfter() {
        OutboundQueue q = queue(100);
        assertTrue(q.offer(frame("x".repeat(60), 0, 0)));
        assertFalse(q.offer(frame("y".repeat(60), 0, 0)));
        assertFalse(q.offer(frame("z", 0, 0)));
        assertEquals(List.of("BUDGET@60"), trips);
        assertTrue(q.isTripped());
        q.discard();
        channel.runPendingTasks();
        assertNull(channel.readOutbound(), "nothing queued is written after the trip");
        assertEquals(0, q.queuedBytes());
    }

    @Test
    void aFrameLargerThanTheBudgetIsTakenIntoAnEmptyQueueAndAnythingBehindItTrips() {
        OutboundQueue q = queue(100);
        assertTrue(q.offer(frame("s".repeat(150), 0, 0)), "alone in an empty queue");
        assertFalse(q.offer(frame("t", 0, 0)));
        assertEquals(List.of("BUDGET@150"), trips);
        q.discard();
        channel.runPendingTasks();
        assertEquals(0, q.queuedBytes());
    }

    @Test
    void aFrameLargerThanTheBudgetIsWrittenWhenTheQueueIsEmpty() {
        OutboundQueue q = queue(100);
        assertTrue(q.offer(frame("s".repeat(150), 0, 0)));
        channel.runPendingTasks();
        ByteBuf written = channel.readOutbound();
        assertEquals(150, written.readableBytes());
        written.release();
        assertTrue(trips.isEmpty(), trips.toString());
        assertTrue(q.offer(frame("u".repeat(150), 0, 0)), "the queue is empty again");
        channel.runPendingTasks();
        written = channel.readOutbound();
        assertEquals(150, written.readableBytes());
        written.release();
    }

    @Test
    void fallingBehindByMoreThanTheLagBoundTrips() {
        OutboundQueue q = queue(1024 * 1024);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertTrue(q.offer(frame("old", 0, 0)));
        channel.runPendingTasks();
        assertTrue(q.offer(frame("newer", SECOND, 0)));
        assertFalse(q.offer(frame("late", 3 * SECOND, 0)));
        assertEquals(List.of("LAG@8"), trips);
        q.discard();
        channel.runPendingTasks();
    }

    /**
     * With the direct memory used up a batch cannot be had: the connection is dropped, which frees what it
     * holds, and nothing is leaked on the way (the tear-down checks every frame was released).
     */
    @Test
    void noMemoryForABatchTripsTheQueueAndLeaksNothing() {
        OutboundQueue q = new OutboundQueue(channel, new StarvedAllocator(true), 1024, 2 * SECOND, 0,
                (overflow, queued) -> trips.add(overflow + "@" + queued),
                (count, bytes, ts) -> writes.add(count + "/" + bytes + "/" + ts), refill);
        assertTrue(q.offer(frame("first", 0, 0)));
        assertTrue(q.offer(frame("second", 1, 0)));
        channel.runPendingTasks();

        assertEquals(List.of("MEMORY@6"), trips, "tripped with the frame behind the failed one still queued");
        assertEquals(List.of(), written());
        assertFalse(q.offer(frame("third", 2, 0)), "a tripped queue takes nothing more");
        q.discard();
        channel.runPendingTasks();
        assertEquals(0, q.queuedBytes());
    }

    /**
     * Frames that aged because the event loop did not run (a stopped process, a long collector pause) are
     * the server's delay: the client never had the chance to read them, so it is not dropped for their age.
     */
    @Test
    void framesTheEventLoopHasNotGotToAreNotTheClientsLag() {
        OutboundQueue q = queue(1024 * 1024);
        assertTrue(q.offer(frame("before", 0, 0)));
        // The drain is pending, and the loop does not run for 70 s.
        assertTrue(q.offer(frame("after", 70 * SECOND, 0)));
        assertEquals(List.of(), trips);

        channel.runPendingTasks();
        assertEquals(List.of("beforeafter"), written(), "written as soon as the loop runs");

        // Once a drain leaves a frame queued on a full socket, its age counts against the client again.
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertTrue(q.offer(frame("held", 71 * SECOND, 0)));
        channel.runPendingTasks();
        assertFalse(q.offer(frame("late", 74 * SECOND, 0)));
        assertEquals(List.of("LAG@4"), trips);
        q.discard();
        channel.runPendingTasks();
    }

    /**
     * A tick a throttle held back for 5 s, far past the 2 s lag bound, sits at the head of a queue the socket
     * does not take: released, it counts from its release, so the fresh frame behind it is no lag; counted
     * from when it was built, the same queue trips.
     */
    @Test
    void aConflatedTickCountsFromItsReleaseNotFromWhenItWasBuilt() {
        OutboundQueue q = queue(1024 * 1024);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        assertTrue(q.offer(frame("held", 0, 1).releasedAt(5 * SECOND)));
        channel.runPendingTasks();
        assertTrue(q.offer(frame("fresh", 5 * SECOND + 1, 2)));
        assertEquals(List.of(), trips);
        q.discard();
        channel.runPendingTasks();

        OutboundQueue unreleased = queue(1024 * 1024);
        assertTrue(unreleased.offer(frame("held", 0, 1)));
        channel.runPendingTasks();
        assertFalse(unreleased.offer(frame("fresh", 5 * SECOND + 1, 2)));
        assertEquals(List.of("LAG@4"), trips);
        unreleased.discard();
        channel.runPendingTasks();
    }

    @Test
    void holdsFramesWhileTheChannelIsNotWritableAndDrainsWhenItIs() {
        OutboundQueue q = queue(1024);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        q.offer(frame("held", 0, 0));
        channel.runPendingTasks();
        assertNull(channel.readOutbound());
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        q.drain();
        ByteBuf written = channel.readOutbound();
        assertEquals("held", written.toString(StandardCharsets.US_ASCII));
        written.release();
    }

    @Test
    void aDryQueueIsRefilledWhileTheChannelTakesMoreAndNotWhileItDoesNot() {
        List<String> parts = new ArrayList<>(List.of("r1", "r2", "r3"));
        OutboundQueue[] q = new OutboundQueue[1];
        int[] asked = {0};
        refill = OutboundQueue.Refill.of(() -> {
            asked[0]++;
            if (parts.isEmpty()) {
                return false;
            }
            if (parts.size() == 2) {
                // The socket fills up after this part: the next one must wait for writability.
                channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
            }
            return q[0].offer(frame(parts.remove(0), 0, 0));
        }, () -> !parts.isEmpty());
        q[0] = queue(1024);
        assertTrue(q[0].offer(frame("reply", 0, 0)));
        channel.runPendingTasks();
        assertEquals(List.of("reply", "r1"), written(), "one write each: a refill comes only when the queue is dry");
        assertEquals(List.of("r3"), parts, "not refilled while the channel is not writable");

        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        q[0].drain();
        channel.runPendingTasks();
        assertEquals(List.of("r2", "r3"), written());
        assertTrue(parts.isEmpty());
        int before = asked[0];
        q[0].drain();
        assertEquals(before + 1, asked[0], "asked once more, and nothing came");
        assertEquals(List.of(), written());
    }

    @Test
    void aSocketThatStaysFullForTheLagBoundDuringARefillTrips() {
        channel.freezeTime();
        refill = OutboundQueue.Refill.of(() -> {
            channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // the client stops reading
            return true;
        }, () -> true);
        OutboundQueue q = queue(1024);
        assertTrue(q.offer(frame("reply", 0, 0)));
        channel.runPendingTasks();
        assertEquals(List.of("reply"), written());
        channel.advanceTimeBy(2 * SECOND - 1, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        assertEquals(List.of(), trips, "not before the lag bound");
        channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        assertEquals(List.of("LAG@0"), trips, "nothing queued ages while the socket is full, so the socket is watched");
    }

    @Test
    void aSocketThatDrainsWithinTheLagBoundDuringARefillDoesNotTrip() {
        channel.freezeTime();
        OutboundQueue[] q = new OutboundQueue[1];
        int[] parts = {5};
        refill = OutboundQueue.Refill.of(() -> {
            if (parts[0] == 0) {
                return false;
            }
            parts[0]--;
            channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // the socket fills again
            return q[0].offer(frame("part", 0, 0));
        }, () -> parts[0] > 0);
        q[0] = queue(1024);
        q[0].drain();
        for (int i = 0; i < 5; i++) {
            channel.advanceTimeBy(SECOND, TimeUnit.NANOSECONDS);
            channel.runPendingTasks();
            channel.unsafe().outboundBuffer().setUserDefinedWritability(1, true); // the client reads on
            q[0].drain();
        }
        channel.advanceTimeBy(3 * SECOND, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        assertEquals(List.of(), trips, "a slow but steady reader is not a stall");
        assertEquals(5, written().size());
    }

    @Test
    void aSocketLeftFullByTheLastPartIsNoStallOnceNothingIsPending() {
        channel.freezeTime();
        OutboundQueue[] q = new OutboundQueue[1];
        boolean[] sent = {false};
        refill = OutboundQueue.Refill.of(() -> {
            if (sent[0]) {
                return false;
            }
            sent[0] = true;
            return q[0].offer(frame("last", 0, 0));
        }, () -> !sent[0]);
        q[0] = queue(1024);
        q[0].drain();
        assertEquals(List.of("last"), written());
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // the last part filled the socket
        q[0].drain();
        channel.advanceTimeBy(5 * SECOND, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        assertEquals(List.of(), trips, "a client pausing with nothing left to catch up is not dropped for it");
    }

    /**
     * Queued frames age only as new ones are offered, and none may come: when many clients stop reading at
     * once and use up the direct memory, the ticks stop too. The socket is watched, so such a client is
     * still dropped after the lag bound, and the memory it holds comes back.
     */
    @Test
    void framesLeftOnAFullSocketTripAfterTheLagBoundThoughNothingNewIsOffered() {
        channel.freezeTime();
        OutboundQueue q = queue(1024);
        channel.unsafe().outboundBuffer().setUserDefinedWritability(1, false); // the client stopped reading
        assertTrue(q.offer(frame("waits", 0, 0)));
        channel.runPendingTasks();
        channel.advanceTimeBy(2 * SECOND - 1, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        assertEquals(List.of(), trips, "not before the lag bound");
        channel.advanceTimeBy(1, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        assertEquals(List.of("LAG@5"), trips);
        q.discard();
        channel.runPendingTasks();
    }

    private List<String> written() {
        List<String> out = new ArrayList<>();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            out.add(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return out;
    }

    @Test
    void aFrameLargerThanABatchIsWrittenWithoutCopying() {
        OutboundQueue q = queue(1024 * 1024);
        String big = "b".repeat(OutboundQueue.BATCH_BYTES + 10);
        q.offer(frame("s", 0, 0));
        q.offer(frame(big, 0, 0));
        channel.runPendingTasks();
        ByteBuf first = channel.readOutbound();
        ByteBuf second = channel.readOutbound();
        assertEquals("s", first.toString(StandardCharsets.US_ASCII));
        assertEquals(big.length(), second.readableBytes());
        assertEquals(ByteBufUtil.hexDump(frames.get(1)), ByteBufUtil.hexDump(second));
        first.release();
        second.release();
    }

    @Test
    void aBatchHoldsExactlyBatchBytesAndOneByteMoreGoesInTheNext() {
        OutboundQueue q = queue(1024 * 1024);
        int frame = 1024;
        for (int i = 0; i < OutboundQueue.BATCH_BYTES / frame; i++) {
            q.offer(frame("x".repeat(frame), 0, 0));
        }
        q.offer(frame("y", 0, 0));
        channel.runPendingTasks();
        List<Integer> sizes = new ArrayList<>();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            sizes.add(b.readableBytes());
            b.release();
        }
        q.drain(); // the full batch took the channel over its high-water mark
        while ((b = channel.readOutbound()) != null) {
            sizes.add(b.readableBytes());
            b.release();
        }
        assertEquals(List.of(OutboundQueue.BATCH_BYTES, 1), sizes);
        assertEquals(0, q.queuedBytes());
    }

    @Test
    void aFrameOfferedWhileTheBatchIsBeingFilledJoinsIt() {
        // The batch is sized from the bytes queued when it starts; a frame another thread offers meanwhile
        // still goes in (the batch grows), as it would have with Netty's own writeBytes.
        OutboundQueue[] q = new OutboundQueue[1];
        boolean[] offered = {false};
        ByteBufAllocator offeringMeanwhile = new AbstractByteBufAllocator(true) {
            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                if (!offered[0]) {
                    offered[0] = true;
                    q[0].offer(frame("late", 1, 0));
                }
                return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
            }

            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        };
        q[0] = new OutboundQueue(channel, offeringMeanwhile, 1024, 2 * SECOND, 0, (overflow, queued) -> { },
                (count, bytes, ts) -> writes.add(count + "/" + bytes + "/" + ts), refill);
        q[0].offer(frame("early", 0, 0));
        channel.runPendingTasks();
        assertEquals(List.of("earlylate"), written());
        assertEquals(List.of("2/9/0"), writes);
    }

    @Test
    void framesFromThePoolArriveWhole() {
        // The server's own allocator for frames and batches: pooled direct memory at an offset in its chunk.
        OutboundQueue q = new OutboundQueue(channel, PooledByteBufAllocator.DEFAULT, 1024 * 1024, 2 * SECOND, 0,
                (overflow, queued) -> trips.add(overflow + "@" + queued), (count, bytes, ts) -> { }, refill);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String text = "{\"n\":" + i + "}";
            ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(64);
            b.writeCharSequence(text, StandardCharsets.US_ASCII);
            frames.add(b);
            q.offer(new OutFrame(b, 0, 0));
            expected.append(text);
        }
        channel.runPendingTasks();
        assertEquals(List.of(expected.toString()), written());
    }

    @Test
    void aLoopThatRefusesTheDrainReleasesWhatIsQueuedOnlyOnceItHasRunItsLastTask() {
        OutboundQueue q = queue(1024);
        ShuttingDownEventLoop closing = new ShuttingDownEventLoop();
        channel.loop = closing;
        assertTrue(q.offer(frame("queued", 0, 0)));
        assertTrue(q.isTripped(), "a refused drain stops the queue");
        assertEquals(1, frames.get(0).refCnt(), "not released beside a last sweep that may still drain");
        assertFalse(q.offer(frame("later", 0, 0)), "refused after the trip");
        assertEquals(0, frames.get(1).refCnt());

        closing.terminate();
        assertEquals(0, frames.get(0).refCnt(), "released once the loop is done");
        assertEquals(0, q.queuedBytes());
    }

    @Test
    void aDiscardTheLoopRefusesLeavesTheLastSweepAsTheOnlyConsumer() {
        OutboundQueue q = queue(1024);
        assertTrue(q.offer(frame("a", 0, 0))); // its drain is already queued on the loop
        ShuttingDownEventLoop closing = new ShuttingDownEventLoop();
        channel.loop = closing;
        q.discard();
        assertEquals(1, frames.get(0).refCnt(), "the queued drain still owns the queue");

        channel.loop = null;
        channel.runPendingTasks(); // the loop's last sweep: the drain finds the queue stopped
        assertNull(channel.readOutbound(), "nothing is written after a discard");
        assertEquals(0, frames.get(0).refCnt());
        channel.loop = closing;
        closing.terminate(); // the deferred release finds nothing left, and releases nothing twice
        assertEquals(0, q.queuedBytes());
    }

    /**
     * Steady streaming costs no object per write. A new FrameBatch per connection per fan-out batch was most
     * of what the server allocated at steady load (JFR at 200 k msgs/s), and its young collections copy the
     * tick history, a pause of some 20-40 ms.
     */
    @Test
    void writingBatchesAllocatesNothingOnceCompiled() throws InterruptedException {
        long allocated = SteadyAllocation.onNettyThread(() -> {
            long[] bytes = new long[1];
            LeakWatch.untracked(() -> bytes[0] = steadyWriteBytes());
            return bytes[0];
        });
        // Any allocation per write would be 16 bytes or more each time.
        assertTrue(allocated < STEADY_WRITES, "allocated " + allocated + " bytes over " + STEADY_WRITES + " writes");
    }

    /** @return what one round of {@link #STEADY_WRITES} two-frame writes allocated, once compiled */
    private static long steadyWriteBytes() {
        ByteBufAllocator pooled = new PooledByteBufAllocator(true);
        EmbeddedChannel ch = new EmbeddedChannel();
        OutboundQueue q = new OutboundQueue(ch, pooled, 1 << 20, 2 * SECOND, 0, (overflow, queued) -> { },
                (count, bytes, ts) -> { }, OutboundQueue.Refill.of(() -> false, () -> false));
        ByteBuf bytes = pooled.directBuffer(256).writeBytes(("{\"type\":\"tick\",\"symbol\":\"MSFT\",\"seq\":77,"
                + "\"ts\":1763712000124001,\"bid\":189.12,\"ask\":189.14,\"last\":189.13,\"size\":300,"
                + "\"volume\":123456789}").getBytes(StandardCharsets.US_ASCII));
        OutFrame frame = new OutFrame(bytes, 0, 1);
        long[] written = {0};
        try {
            long allocated = SteadyAllocation.lastRound(() -> () -> {
                written[0] = 0;
                for (int i = 0; i < STEADY_WRITES; i++) {
                    frame.bytes().retain(2); // the queue's references, which the write gives back
                    q.offer(frame);
                    q.offer(frame);
                    ch.runPendingTasks();
                    ByteBuf out = ch.readOutbound();
                    written[0] += out.readableBytes();
                    out.release();
                }
            }, STEADY_WRITES, 50);
            assertEquals(2L * STEADY_WRITES * frame.size(), written[0], "every frame written, two to a write");
            return allocated;
        } finally {
            ch.finishAndReleaseAll();
            bytes.release();
        }
    }
}
