package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.market.Tick;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.server.session.OutboundQueue;
import pricefeed.server.subscription.OutFrame;
import pricefeed.server.subscription.ServerFrames;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseStreamTest {

    private static final long HEARTBEAT = TimeUnit.SECONDS.toNanos(15);
    private static final Duration MAX_LAG = Duration.ofSeconds(1);

    /** What the stream told its owner when it ended for a slow consumer. */
    private record Overflow(OutboundQueue.Overflow bound, long queuedBytes) {
    }

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    private final CountingAllocator alloc = new CountingAllocator();
    private final ServerFrames frames = new ServerFrames(alloc.alloc());
    private final List<Overflow> overflows = new ArrayList<>();
    private boolean socketHoldsBack = true;
    private long seq;

    @AfterEach
    void tearDown() {
        clock.dispose();
        alloc.assertAllReleased(); // every frame and event
    }

    private SseStream stream(long budget) {
        return stream(budget, Runnable::run);
    }

    private SseStream stream(long budget, Executor pulls) {
        return new SseStream(alloc.alloc(), clock, () -> clock.now(TimeUnit.NANOSECONDS), pulls, () -> socketHoldsBack,
                new SseEvents(() -> "e1"), new SseStream.Limits(budget, MAX_LAG.toNanos(), HEARTBEAT),
                (bound, queued) -> overflows.add(new Overflow(bound, queued)));
    }

    private OutFrame frame() {
        seq++;
        return new OutFrame(frames.tick(new Tick("AAPL", 2, seq, 1_000 + seq, 18_900, 18_902, 18_901, 100, 100 * seq)),
                clock.now(TimeUnit.NANOSECONDS), 1_000 + seq);
    }

    @Test
    void catchUpsArePulledWhileUnderAPartWaitsAndAgainAsTheClientReads() {
        List<Runnable> pulls = new ArrayList<>();
        SseStream s = stream(4_000, pulls::add);
        int[] parts = {60}; // some 15 KB of events: four times the budget
        s.pullCatchUpsWith(OutboundQueue.Refill.of(() -> {
            if (parts[0] == 0) {
                return false;
            }
            parts[0]--;
            return s.offer(frame());
        }, () -> parts[0] > 0));
        s.catchUpWaiting();
        runAll(pulls);
        // A part is a quarter of this budget: 1000 bytes, some 4 events.
        assertTrue(s.queuedBytes() >= 1_000 && s.queuedBytes() < 1_500 && parts[0] > 50,
                "stopped at a part: " + s.queuedBytes() + " bytes, " + parts[0] + " parts left");

        List<Long> seqs = new ArrayList<>();
        BaseSubscriber<ByteBuf> reader = readerOnRequest(text -> {
            int seq = text.indexOf("e1:AAPL:") + "e1:AAPL:".length();
            seqs.add(Long.parseLong(text.substring(seq, text.indexOf('\n', seq))));
        });
        s.events().subscribe(reader);
        for (int i = 0; i < 200 && seqs.size() < 60; i++) {
            reader.request(1);
            runAll(pulls);
        }
        assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), seqs, "all of it, in order");
        assertEquals(List.of(), overflows, "never over the budget");
        reader.dispose();
        s.closed();
    }

    @Test
    void aPullThatCannotBeScheduledIsDroppedQuietlyAndCanBeAskedForAgain() {
        List<Runnable> accepted = new ArrayList<>();
        boolean[] rejecting = {true};
        SseStream s = stream(4_000, task -> {
            if (rejecting[0]) {
                throw new RejectedExecutionException("event loop gone");
            }
            accepted.add(task);
        });
        s.pullCatchUpsWith(OutboundQueue.Refill.of(() -> false, () -> false));
        s.catchUpWaiting(); // no exception into the fan-out's notification loop
        rejecting[0] = false;
        s.catchUpWaiting();
        assertEquals(1, accepted.size(), "the next request is scheduled");
    }

    /** @return a client that reads only the events the test requests, each as text */
    private static BaseSubscriber<ByteBuf> readerOnRequest(Consumer<String> onText) {
        return new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                // no demand until the test requests
            }

            @Override
            protected void hookOnNext(ByteBuf event) {
                onText.accept(SseFormatTest.text(event));
            }
        };
    }

    private static void runAll(List<Runnable> tasks) {
        while (!tasks.isEmpty()) {
            tasks.remove(0).run();
        }
    }

    @Test
    void eventsLeaveInOrderRetryFirst() {
        SseStream s = stream(1 << 20);
        s.start(1000);
        assertTrue(s.offer(frame()));
        assertTrue(s.offer(frame()));
        StepVerifier.create(s.events().map(SseFormatTest::text))
                .expectNext("retry: 1000\n\n")
                .expectNextMatches(e -> e.startsWith("event: tick\nid: e1:AAPL:1\ndata: {\"type\":\"tick\""))
                .expectNextMatches(e -> e.startsWith("event: tick\nid: e1:AAPL:2\n"))
                .then(s::end)
                .verifyComplete();
    }

    @Test
    void overTheBudgetTheStreamEndsOnceAndRefusesEverything() {
        SseStream s = stream(1000);
        s.start(1000);
        int accepted = 0;
        while (s.offer(frame())) {
            accepted++;
        }
        assertTrue(accepted >= 3 && accepted < 10, "about 1000 bytes of events: " + accepted);
        assertEquals(1, overflows.size());
        assertEquals(OutboundQueue.Overflow.BUDGET, overflows.get(0).bound());
        assertTrue(overflows.get(0).queuedBytes() > 1000, "reported the queue it would have had: " + overflows);
        assertTrue(s.queuedBytes() > 0);
        assertFalse(s.offer(frame()));
        assertFalse(s.offer(frame()));
        assertEquals(1, overflows.size(), "told once");
        // The connection closes on overflow: the response cancels, and what was queued is released.
        StepVerifier.create(s.events(), 0).thenCancel().verify(Duration.ofSeconds(1));
    }

    @Test
    void theBudgetCountsOnlyWhatWaits() {
        SseStream s = stream(1000);
        List<String> taken = new ArrayList<>();
        s.events().map(SseFormatTest::text).subscribe(taken::add); // a reader that keeps up
        s.start(1000);
        for (int i = 0; i < 40; i++) {
            assertTrue(s.offer(frame()), "offer " + i); // 40 events are far over 1000 bytes, but never at once
        }
        assertEquals(41, taken.size());
        assertEquals(0, s.queuedBytes());
        assertEquals(List.of(), overflows);
        s.end();
    }

    @Test
    void afterEndOrCloseOffersAreRefusedAndReleased() {
        SseStream ended = stream(1 << 20);
        ended.start(1000);
        ended.end();
        assertFalse(ended.offer(frame()));
        StepVerifier.create(ended.events().map(SseFormatTest::text)).expectNext("retry: 1000\n\n").verifyComplete();

        SseStream closed = stream(1 << 20);
        closed.start(1000);
        closed.closed();
        assertFalse(closed.offer(frame()));
        StepVerifier.create(closed.events(), 0).thenCancel().verify(Duration.ofSeconds(1));
    }

    @Test
    void aHeartbeatFollowsEachQuietInterval() {
        SseStream s = stream(1 << 20);
        List<String> seen = new ArrayList<>();
        s.events().map(SseFormatTest::text).subscribe(seen::add);
        s.start(1000);
        clock.advanceTimeBy(Duration.ofSeconds(10));
        s.offer(frame());
        clock.advanceTimeBy(Duration.ofSeconds(14)); // 14 s quiet since the tick
        assertEquals(2, seen.size(), seen.toString());
        clock.advanceTimeBy(Duration.ofSeconds(1));
        assertEquals(": hb\n\n", seen.get(2));
        clock.advanceTimeBy(Duration.ofSeconds(15));
        assertEquals(4, seen.size());
        s.closed();
        clock.advanceTimeBy(Duration.ofSeconds(60));
        assertEquals(4, seen.size(), "no heartbeat after close");
    }

    @Test
    void anEventWaitingPastTheLagBoundForASocketThatHoldsBackEndsTheStreamOnce() {
        SseStream s = stream(1 << 20);
        StepVerifier.create(s.events(), 0) // a client that stopped reading: nothing is taken
                .then(() -> {
                    assertTrue(s.offer(frame()));
                    clock.advanceTimeBy(Duration.ofMillis(600));
                    assertTrue(s.offer(frame()));
                    clock.advanceTimeBy(Duration.ofMillis(400));
                    assertTrue(s.offer(frame()));
                    assertEquals(List.of(), overflows, "the first has waited exactly the bound: not over it");
                    clock.advanceTimeBy(Duration.ofMillis(1));
                    assertTrue(s.offer(frame()), "queued, and the lag judged after it");
                    assertEquals(List.of(new Overflow(OutboundQueue.Overflow.LAG, s.queuedBytes())), overflows,
                            "the first has waited 1001 ms; reported with the bytes waiting");
                    assertFalse(s.offer(frame()));
                    assertEquals(1, overflows.size(), "told once");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(1));
    }

    @Test
    void anOldEventWithNothingHeldBackByTheSocketIsTheServersDelayNotTheClients() {
        SseStream s = stream(1 << 20);
        socketHoldsBack = false; // the response has not taken it yet, though the socket would
        StepVerifier.create(s.events(), 0)
                .then(() -> {
                    assertTrue(s.offer(frame()));
                    clock.advanceTimeBy(Duration.ofSeconds(5));
                    assertTrue(s.offer(frame()));
                    assertEquals(List.of(), overflows);
                    socketHoldsBack = true;
                    assertTrue(s.offer(frame()));
                    assertEquals(1, overflows.size(), "with the socket holding back, the same wait is the client's");
                    assertEquals(OutboundQueue.Overflow.LAG, overflows.get(0).bound());
                })
                .thenCancel()
                .verify(Duration.ofSeconds(1));
    }

    @Test
    void theLagIsJudgedOnTheEventLoopAndAClientThatReadMeanwhileStays() {
        List<Runnable> loop = new ArrayList<>();
        SseStream s = stream(1 << 20, loop::add);
        List<String> taken = new ArrayList<>();
        BaseSubscriber<ByteBuf> reader = readerOnRequest(taken::add);
        s.events().subscribe(reader);
        assertTrue(s.offer(frame()));
        clock.advanceTimeBy(Duration.ofSeconds(2));
        assertTrue(s.offer(frame()));
        assertEquals(1, loop.size(), "a check is scheduled");
        assertTrue(s.offer(frame()));
        assertEquals(1, loop.size(), "once");
        assertEquals(List.of(), overflows, "not judged on the offering thread");
        reader.request(1); // the client read the old event before the event loop came to the check
        runAll(loop);
        assertEquals(List.of(), overflows);

        // The next event offered is watched now: at most as old as the oldest waiting, and still no reads.
        clock.advanceTimeBy(Duration.ofSeconds(2));
        assertTrue(s.offer(frame()));
        clock.advanceTimeBy(Duration.ofMillis(1_001));
        assertTrue(s.offer(frame()));
        assertEquals(List.of(), overflows);
        runAll(loop);
        assertEquals(1, overflows.size());
        assertEquals(OutboundQueue.Overflow.LAG, overflows.get(0).bound());
        reader.dispose();
    }

    @Test
    void aClientReadingALongCatchUpAtItsOwnPaceIsNotBehind() {
        List<Runnable> loop = new ArrayList<>();
        SseStream s = stream(1 << 20, loop::add);
        int[] left = {6_000}; // about 1.5 MB of snapshots or replay, offered some 16 KB a part
        s.pullCatchUpsWith(OutboundQueue.Refill.of(() -> {
            int offered = 0;
            for (; offered < 64 && left[0] > 0; offered++, left[0]--) {
                s.offer(frame());
            }
            return offered > 0;
        }, () -> left[0] > 0));
        List<String> taken = new ArrayList<>();
        BaseSubscriber<ByteBuf> reader = readerOnRequest(taken::add);
        s.events().subscribe(reader);
        s.catchUpWaiting();
        runAll(loop);
        // The client's link takes 50 events per 100 ms (some 125 KB/s): the catch-up takes it 12 s, while
        // other symbols tick live, one event per 100 ms.
        int live = 0;
        for (int step = 0; step < 200 && taken.size() < 6_000 + live; step++) {
            clock.advanceTimeBy(Duration.ofMillis(100));
            assertTrue(s.offer(frame()), "live tick at step " + step);
            live++;
            reader.request(50);
            runAll(loop);
        }
        assertEquals(List.of(), overflows, "a catch-up waits for the client's pace; the client is not behind the feed");
        assertEquals(6_000 + live, taken.size());
        reader.dispose();
    }

    @Test
    void aReaderThatKeepsUpIsNeverBehindHoweverLongItRuns() {
        SseStream s = stream(1 << 20);
        List<String> taken = new ArrayList<>();
        s.events().map(SseFormatTest::text).subscribe(taken::add);
        for (int i = 0; i < 100; i++) {
            assertTrue(s.offer(frame()), "offer " + i);
            // Taken at once, and the next comes after more than the bound: only a waiting event's age counts.
            clock.advanceTimeBy(Duration.ofMillis(1_500));
        }
        assertEquals(100, taken.size());
        assertEquals(List.of(), overflows);
        s.closed();
    }

    @Test
    void aReaderAtHalfTheFeedsPaceIsDroppedForLagBeforeTheBudget() {
        SseStream s = stream(1 << 20);
        BaseSubscriber<ByteBuf> reader = readerOnRequest(text -> { });
        s.events().subscribe(reader);
        // Two events per 100 ms, one read: the oldest waiting event is t/2 old at time t.
        long droppedAtMs = -1;
        for (int step = 1; step <= 100 && droppedAtMs < 0; step++) {
            clock.advanceTimeBy(Duration.ofMillis(100));
            reader.request(1);
            s.offer(frame());
            s.offer(frame());
            if (!overflows.isEmpty()) {
                droppedAtMs = clock.now(TimeUnit.MILLISECONDS);
            }
        }
        assertEquals(1, overflows.size(), "dropped");
        assertEquals(OutboundQueue.Overflow.LAG, overflows.get(0).bound());
        assertTrue(droppedAtMs > 2_000 && droppedAtMs <= 4_500,
                "over the bound (1 s behind at 2 s), within twice it: " + droppedAtMs + " ms");
        assertTrue(overflows.get(0).queuedBytes() < 1 << 16, "far under the budget: " + overflows);
        reader.dispose();
    }
}
