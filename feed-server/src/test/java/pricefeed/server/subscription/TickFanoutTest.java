package pricefeed.server.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickFanoutTest {

    private final VirtualTimeScheduler vts = VirtualTimeScheduler.create();
    private final TickFanout fanout = new TickFanout(new ServerFrames(PooledByteBufAllocator.DEFAULT), 8, "e1",
            () -> vts.now(TimeUnit.NANOSECONDS));
    private final RecordingSubscriber sub = new RecordingSubscriber(vts);
    private final Subscriptions subs = sub.pullingFrom(new Subscriptions(fanout, sub, 10));
    private final long[] seqs = new long[2];

    TickFanoutTest() {
        fanout.addSymbol(new SymbolSpec("AAPL", 2), tick("AAPL", 0));
        fanout.addSymbol(new SymbolSpec("MSFT", 2), tick("MSFT", 0));
    }

    @AfterEach
    void tearDown() {
        subs.close();
        for (SymbolSpec s : fanout.symbols()) {
            fanout.removeSymbol(s.symbol());
        }
        vts.dispose();
    }

    private static Tick tick(String symbol, long seq) {
        return new Tick(symbol, 2, seq, 1_763_712_000_000_000L + seq, 18_900 + seq, 18_902 + seq, 18_901 + seq, 100, 1000 * seq);
    }

    private void publish(String symbol, int n) {
        int i = symbol.equals("AAPL") ? 0 : 1;
        for (int k = 0; k < n; k++) {
            fanout.publish(tick(symbol, ++seqs[i]));
        }
    }

    @Test
    void subscriptionsCountsWhatIsAttachedAcrossConnectionsAndSymbols() {
        assertEquals(0, fanout.subscriptions());
        subs.subscribe(List.of("*"), Map.of(), null, 0);
        Subscriptions other = new Subscriptions(fanout, new RecordingSubscriber(vts), 10);
        other.subscribe(List.of("AAPL"), Map.of(), null, 0);
        assertEquals(3, fanout.subscriptions());
        subs.unsubscribe(List.of("MSFT"));
        assertEquals(2, fanout.subscriptions());
        other.close();
        fanout.removeSymbol("AAPL");
        assertEquals(0, fanout.subscriptions(), "a removed symbol takes its subscriptions with it");
    }

    @Test
    void snapshotThenEveryTickWithContiguousSeqs() {
        publish("AAPL", 3);
        assertNull(subs.check(List.of("AAPL")));
        subs.subscribe(List.of("AAPL"), Map.of(), null, 0);
        publish("AAPL", 3);
        publish("MSFT", 2);
        assertEquals(List.of("snapshot:AAPL:3", "tick:AAPL:4", "tick:AAPL:5", "tick:AAPL:6"), sub.summary());
    }

    @Test
    void snapshotBeforeTheFirstTickCarriesSeqZero() {
        subs.subscribe(List.of("MSFT"), Map.of(), null, 0);
        publish("MSFT", 1);
        assertEquals(List.of("snapshot:MSFT:0", "tick:MSFT:1"), sub.summary());
    }

    @Test
    void subscribingTwiceSendsNoSecondSnapshot() {
        subs.subscribe(List.of("AAPL"), Map.of(), null, 0);
        subs.subscribe(List.of("AAPL"), Map.of(), null, 0);
        publish("AAPL", 1);
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:1"), sub.summary());
    }

    @Test
    void resumeReplaysEveryTickAfterFromThenGoesLive() {
        publish("AAPL", 6);
        subs.subscribe(List.of("AAPL"), Map.of("AAPL", 3L), "e1", 0);
        publish("AAPL", 1);
        assertEquals(List.of("tick:AAPL:4", "tick:AAPL:5", "tick:AAPL:6", "tick:AAPL:7"), sub.summary());
    }

    /** A connection that pulls only when the test says so. */
    private final RecordingSubscriber slow = new RecordingSubscriber(vts);
    private final Subscriptions pulled = new Subscriptions(fanout, slow, 10);

    @Test
    void nothingIsSentUntilTheConnectionPullsAndLiveTicksWaitMeanwhile() {
        publish("AAPL", 6);
        pulled.subscribe(List.of("AAPL", "MSFT"), Map.of("AAPL", 3L), "e1", 0);
        assertEquals(1, slow.catchUpsWaiting(), "told once per subscribe");
        assertTrue(pulled.hasCatchUps());
        publish("AAPL", 1);
        publish("MSFT", 1);
        assertEquals(List.of(), slow.summary(), "nothing until the connection pulls");
        assertTrue(pulled.pullCatchUps(Long.MAX_VALUE));
        assertEquals(List.of("tick:AAPL:4", "tick:AAPL:5", "tick:AAPL:6", "tick:AAPL:7", "snapshot:MSFT:1"),
                slow.summary(), "the replay reaches the tick published meanwhile; the snapshot is the latest state");
        assertFalse(pulled.hasCatchUps());
        publish("AAPL", 1);
        publish("MSFT", 1);
        assertEquals(List.of("tick:AAPL:8", "tick:MSFT:2"), slow.summary().subList(5, 7), "then live");
        assertFalse(pulled.pullCatchUps(Long.MAX_VALUE), "nothing left to pull");
        pulled.close();
    }

    @Test
    void aResumeFromTheLatestSeqAlsoWaitsForThePullSoNoTickOvertakesTheReply() {
        // The connection queues its subscribed reply after subscribe returns, then pulls. A subscription that
        // went live at once took ticks published in between, which reached the client before the reply.
        publish("AAPL", 6);
        pulled.subscribe(List.of("AAPL"), Map.of("AAPL", 6L), "e1", 0);
        assertTrue(pulled.hasCatchUps(), "nothing to replay, but still pulled");
        publish("AAPL", 1);
        assertEquals(List.of(), slow.summary(), "nothing until the connection pulls");
        assertTrue(pulled.pullCatchUps(Long.MAX_VALUE));
        publish("AAPL", 1);
        assertEquals(List.of("tick:AAPL:7", "tick:AAPL:8"), slow.summary(), "from + 1 on, no gap, no duplicate");
        assertFalse(pulled.hasCatchUps());
        pulled.close();
    }

    @Test
    void aResumeFromTheLatestSeqWithNothingPublishedMeanwhileGoesLiveAtThePull() {
        publish("AAPL", 6);
        pulled.subscribe(List.of("AAPL"), Map.of("AAPL", 6L), "e1", 0);
        assertFalse(pulled.pullCatchUps(Long.MAX_VALUE), "nothing offered");
        assertFalse(pulled.hasCatchUps());
        publish("AAPL", 1);
        assertEquals(List.of("tick:AAPL:7"), slow.summary());
        pulled.close();
    }

    @Test
    void aCatchUpIsPulledInPartsOfAboutTheGivenSize() {
        publish("AAPL", 6);
        pulled.subscribe(List.of("AAPL", "MSFT"), Map.of("AAPL", 0L), "e1", 0);
        int frame = frameSize();
        assertTrue(pulled.pullCatchUps(2L * frame));
        assertEquals(List.of("tick:AAPL:1", "tick:AAPL:2"), slow.summary());
        assertTrue(pulled.pullCatchUps(3L * frame));
        assertTrue(pulled.pullCatchUps(3L * frame));
        assertEquals(List.of("tick:AAPL:1", "tick:AAPL:2", "tick:AAPL:3", "tick:AAPL:4", "tick:AAPL:5",
                "tick:AAPL:6", "snapshot:MSFT:0"), slow.summary(), "catch-ups in subscribe order");
        assertFalse(pulled.hasCatchUps());
        pulled.close();
    }

    private int frameSize() {
        io.netty.buffer.ByteBuf frame = fanout.frames().tick(tick("AAPL", 1));
        try {
            return frame.readableBytes();
        } finally {
            frame.release();
        }
    }

    @Test
    void aCatchUpOvertakenByTheHistoryEndsWithASnapshot() {
        publish("AAPL", 8); // history holds 1..8
        pulled.subscribe(List.of("AAPL"), Map.of("AAPL", 0L), "e1", 0);
        assertTrue(pulled.pullCatchUps(1)); // tick 1
        publish("AAPL", 4); // history now 5..12: the catch-up stands at 2
        assertTrue(pulled.pullCatchUps(Long.MAX_VALUE));
        publish("AAPL", 1);
        assertEquals(List.of("tick:AAPL:1", "snapshot:AAPL:12", "tick:AAPL:13"), slow.summary(),
                "the client sees the gap by seq, as with a resume from too far back");
        pulled.close();
    }

    @Test
    void unsubscribingOrANewEpochEndsACatchUp() {
        publish("AAPL", 6);
        publish("MSFT", 6);
        pulled.subscribe(List.of("AAPL", "MSFT"), Map.of("AAPL", 0L, "MSFT", 0L), "e1", 0);
        pulled.unsubscribe(List.of("AAPL"));
        fanout.newEpoch("e2", symbol -> tick(symbol, 0));
        assertEquals(List.of("snapshot:MSFT:6", "snapshot:MSFT:0"), slow.summary(),
                "MSFT: where the old run ended, then the new run's start; AAPL is gone");
        assertFalse(pulled.pullCatchUps(Long.MAX_VALUE), "nothing left to replay");
        assertFalse(pulled.hasCatchUps());
        fanout.publish(tick("MSFT", 1));
        assertEquals(List.of("snapshot:MSFT:6", "snapshot:MSFT:0", "tick:MSFT:1"), slow.summary(), "live in the new epoch");
        pulled.close();
    }

    @Test
    void unsubscribingDropsTheCatchUpSoAClientThatNeverReadsHoldsNone() {
        for (int i = 0; i < 50; i++) {
            pulled.subscribe(List.of("*"), Map.of(), null, 0);
            assertTrue(pulled.hasCatchUps());
            pulled.unsubscribe(List.of("*"));
            assertFalse(pulled.hasCatchUps(), "round " + i);
        }
        assertEquals(List.of(), slow.summary());
        pulled.close();
    }

    @Test
    void aSymbolAddedUnderTheWildcardWaitsToBePulledToo() {
        pulled.subscribe(List.of("*"), Map.of(), null, 0);
        pulled.pullCatchUps(Long.MAX_VALUE);
        slow.take();
        fanout.addSymbol(new SymbolSpec("NVDA", 2), tick("NVDA", 0));
        fanout.publish(tick("NVDA", 1));
        assertEquals(List.of(), slow.summary());
        assertEquals(2, slow.catchUpsWaiting(), "told again for the new symbol");
        fanout.publish(tick("NVDA", 2));
        pulled.pullCatchUps(Long.MAX_VALUE);
        fanout.publish(tick("NVDA", 3));
        assertEquals(List.of("snapshot:NVDA:0", "tick:NVDA:1", "tick:NVDA:2", "tick:NVDA:3"), slow.summary(),
                "its first state and every tick since, however late the pull");
        pulled.close();
    }

    /**
     * Removed and added again, a symbol goes on from its last seq (SIMULATOR.md): the wildcard subscriber's
     * snapshot has the last seq + 1 and its ticks follow, even when the connection pulls after the new
     * incarnation has ticked. Pulled late, the snapshot had been of the latest state, and the client saw
     * seqs skipped (a black-box run caught 299 then a snapshot at 301).
     */
    @Test
    void aSymbolAddedAgainUnderTheWildcardGoesOnFromItsLastSeqWhenPulledLate() {
        pulled.subscribe(List.of("*"), Map.of(), null, 0);
        pulled.pullCatchUps(Long.MAX_VALUE);
        publish("MSFT", 5);
        fanout.removeSymbol("MSFT");
        fanout.addSymbol(new SymbolSpec("MSFT", 2), tick("MSFT", 6));
        seqs[1] = 6;
        publish("MSFT", 2); // seqs 7 and 8, before the connection pulls
        slow.take();
        pulled.pullCatchUps(Long.MAX_VALUE);
        publish("MSFT", 1);
        assertEquals(List.of("snapshot:MSFT:6", "tick:MSFT:7", "tick:MSFT:8", "tick:MSFT:9"), slow.summary());
        pulled.close();
    }

    /**
     * A client that resumes a symbol removed and added again from its last seq before the removal missed
     * nothing: it gets the new incarnation's first state at that seq + 1 and every tick since, not a snapshot
     * whose seq reads as a gap (the dashboard, over its symbol limit, re-asks like this and counted one).
     */
    @Test
    void aResumeFromTheLastSeqBeforeASymbolWasAddedAgainMissesNothing() {
        publish("MSFT", 5);
        fanout.removeSymbol("MSFT");
        fanout.addSymbol(new SymbolSpec("MSFT", 2), tick("MSFT", 6));
        seqs[1] = 6;
        publish("MSFT", 3);
        subs.subscribe(List.of("MSFT"), Map.of("MSFT", 5L), "e1", 0);
        publish("MSFT", 1);
        assertEquals(List.of("snapshot:MSFT:6", "tick:MSFT:7", "tick:MSFT:8", "tick:MSFT:9", "tick:MSFT:10"),
                sub.summary());

        Subscriptions older = sub.pullingFrom(new Subscriptions(fanout, sub, 10));
        sub.take();
        older.subscribe(List.of("MSFT"), Map.of("MSFT", 4L), "e1", 0);
        assertEquals(List.of("snapshot:MSFT:10"), sub.summary(), "seq 5 was missed: the gap shows");
        older.close();
    }

    /** A pull so late that the history no longer holds the first ticks falls back to the latest state. */
    @Test
    void aSymbolAddedUnderTheWildcardAndPulledPastItsHistoryGetsItsLatestState() {
        pulled.subscribe(List.of("*"), Map.of(), null, 0);
        pulled.pullCatchUps(Long.MAX_VALUE);
        slow.take();
        fanout.addSymbol(new SymbolSpec("NVDA", 2), tick("NVDA", 0));
        for (long seq = 1; seq <= 20; seq++) { // the history holds 8
            fanout.publish(tick("NVDA", seq));
        }
        pulled.pullCatchUps(Long.MAX_VALUE);
        fanout.publish(tick("NVDA", 21));
        assertEquals(List.of("snapshot:NVDA:20", "tick:NVDA:21"), slow.summary());
        pulled.close();
    }

    /** Throttled, the wildcard wants the newest state of a new symbol, not its ticks since it appeared. */
    @Test
    void aThrottledWildcardGetsANewSymbolsLatestState() {
        pulled.subscribe(List.of("*"), Map.of(), null, 250);
        pulled.pullCatchUps(Long.MAX_VALUE);
        slow.take();
        fanout.addSymbol(new SymbolSpec("NVDA", 2), tick("NVDA", 0));
        fanout.publish(tick("NVDA", 1));
        fanout.publish(tick("NVDA", 2));
        pulled.pullCatchUps(Long.MAX_VALUE);
        assertEquals(List.of("snapshot:NVDA:2"), slow.summary());
        pulled.close();
    }

    @Test
    void resumeBeyondHistoryOrAheadOrFromAnotherEpochGetsASnapshot() {
        publish("AAPL", 20); // history holds 13..20
        subs.subscribe(List.of("AAPL"), Map.of("AAPL", 5L), null, 0);
        assertEquals(List.of("snapshot:AAPL:20"), sub.summary());

        Subscriptions ahead = sub.pullingFrom(new Subscriptions(fanout, sub, 10));
        sub.take();
        ahead.subscribe(List.of("AAPL"), Map.of("AAPL", 99L), null, 0);
        assertEquals(List.of("snapshot:AAPL:20"), sub.summary());
        ahead.close();

        Subscriptions otherEpoch = sub.pullingFrom(new Subscriptions(fanout, sub, 10));
        sub.take();
        otherEpoch.subscribe(List.of("AAPL"), Map.of("AAPL", 18L), "old", 0);
        assertEquals(List.of("snapshot:AAPL:20"), sub.summary());
        otherEpoch.close();
    }

    @Test
    void resumeWhileTheSymbolKeepsTickingHasNoGapAndNoDuplicate() throws Exception {
        // History longer than the run: a catch-up pulled in small parts may lag the ticker without falling off.
        TickFanout big = new TickFanout(new ServerFrames(PooledByteBufAllocator.DEFAULT), 8_192, "e1", System::nanoTime);
        big.addSymbol(new SymbolSpec("AAPL", 2), tick("AAPL", 0));
        for (long s = 1; s <= 500; s++) {
            big.publish(tick("AAPL", s));
        }
        CountDownLatch go = new CountDownLatch(1);
        Thread ticker = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            for (long s = 501; s <= 5_000; s++) {
                big.publish(tick("AAPL", s));
            }
        });
        ticker.start();
        List<Subscriptions> resumed = new ArrayList<>();
        List<RecordingSubscriber> clients = new ArrayList<>();
        List<Long> froms = new ArrayList<>();
        go.countDown();
        for (int i = 0; i < 20; i++) {
            RecordingSubscriber client = new RecordingSubscriber(vts);
            Subscriptions s = new Subscriptions(big, client, 10);
            long from = big.latest("AAPL").orElseThrow().seq() - 100;
            s.subscribe(List.of("AAPL"), Map.of("AAPL", from), "e1", 0);
            resumed.add(s);
            clients.add(client);
            froms.add(from);
            // Pulled in small parts while the ticker runs: the hand-over to live races the ticks.
            for (Subscriptions r : resumed) {
                r.pullCatchUps(4_000);
            }
        }
        for (Subscriptions r : resumed) {
            while (r.hasCatchUps()) {
                r.pullCatchUps(4_000);
            }
        }
        ticker.join();
        for (int i = 0; i < clients.size(); i++) {
            long from = froms.get(i);
            long expected = from + 1;
            for (JsonNode m : clients.get(i).messages()) {
                assertEquals("tick", m.path("type").asText(), "a replay, not a snapshot");
                assertEquals(expected++, m.path("seq").asLong(), "contiguous after resume from " + from);
            }
            assertEquals(5_001, expected, "every tick up to the last one");
        }
        resumed.forEach(Subscriptions::close);
        big.removeSymbol("AAPL");
    }

    @Test
    void wildcardGetsEverySymbolAndSymbolsAddedLater() {
        subs.subscribe(List.of("*"), Map.of(), null, 0);
        fanout.addSymbol(new SymbolSpec("NVDA", 2), tick("NVDA", 0));
        fanout.publish(tick("NVDA", 1));
        assertEquals(List.of("snapshot:AAPL:0", "snapshot:MSFT:0", "snapshot:NVDA:0", "tick:NVDA:1"), sub.summary());
    }

    @Test
    void unknownSymbolsAndTooManySymbolsSubscribeNothing() {
        var unknown = subs.check(List.of("AAPL", "FOO", "BAR"));
        assertEquals(List.of("FOO", "BAR"), assertInstanceOf(Subscriptions.Outcome.UnknownSymbols.class, unknown).unknown());
        Subscriptions tiny = new Subscriptions(fanout, sub, 1);
        assertInstanceOf(Subscriptions.Outcome.TooMany.class, tiny.check(List.of("AAPL", "MSFT")));
        assertInstanceOf(Subscriptions.Outcome.TooMany.class, tiny.check(List.of("*")));
        assertTrue(sub.messages().isEmpty());
    }

    /** A symbol named twice, or named beside `*`, is one symbol against the limit, as it is once held. */
    @Test
    void aSymbolNamedTwiceOrBesideTheWildcardCountsOnceAgainstTheLimit() {
        Subscriptions exact = new Subscriptions(fanout, sub, 2);
        assertNull(exact.check(List.of("*", "AAPL")));
        assertNull(exact.check(List.of("MSFT", "*")));
        assertNull(exact.check(List.of("AAPL", "AAPL", "MSFT")));
        Subscriptions one = new Subscriptions(fanout, sub, 1);
        assertNull(one.check(List.of("AAPL", "AAPL")));
        assertInstanceOf(Subscriptions.Outcome.TooMany.class, one.check(List.of("*", "AAPL")));
    }

    /** The market may add a symbol between a subscribe's check and the subscribe; the limit still holds. */
    @Test
    void aSymbolAddedBetweenTheCheckAndTheWildcardSubscribeIsLeftOutAtTheLimit() {
        RecordingSubscriber two = new RecordingSubscriber(vts);
        Subscriptions limited = two.pullingFrom(new Subscriptions(fanout, two, 2));
        assertNull(limited.check(List.of("*")));
        fanout.addSymbol(new SymbolSpec("NVDA", 2), tick("NVDA", 0));
        limited.subscribe(List.of("*"), Map.of(), null, 0);
        assertEquals(List.of("snapshot:AAPL:0", "snapshot:MSFT:0"), two.summary());
        assertEquals(2, fanout.subscriptions());
        limited.close();
    }

    /** A place a check promised to a named symbol is not taken by a symbol the wildcard gets meanwhile. */
    @Test
    void aSymbolAddedBetweenTheCheckAndANamedSubscribeDoesNotTakeItsPlace() {
        RecordingSubscriber two = new RecordingSubscriber(vts);
        Subscriptions limited = two.pullingFrom(new Subscriptions(fanout, two, 2));
        limited.subscribe(List.of("*"), Map.of(), null, 0);
        limited.unsubscribe(List.of("MSFT"));
        two.take();
        assertNull(limited.check(List.of("MSFT")));
        fanout.addSymbol(new SymbolSpec("NVDA", 2), tick("NVDA", 0));
        limited.subscribe(List.of("MSFT"), Map.of(), null, 0);
        assertEquals(List.of("snapshot:MSFT:0"), two.summary());
        assertEquals(2, fanout.subscriptions(), "AAPL and MSFT: NVDA would have been a third");
        limited.close();
    }

    @Test
    void aConnectionThatNeverSubscribedUnsubscribesPullsAndClosesQuietly() {
        // Its subscription maps are the shared empty map until a first subscribe.
        Subscriptions idle = new Subscriptions(fanout, sub, 10);
        idle.unsubscribe(List.of("AAPL", "*"));
        assertFalse(idle.hasCatchUps());
        assertFalse(idle.pullCatchUps(Subscriptions.MAX_CATCH_UP_PART));
        idle.close();
        assertTrue(sub.messages().isEmpty());
    }

    @Test
    void everythingUnsubscribedThenSubscribedAgainStartsWithSnapshots() {
        subs.subscribe(List.of("*"), Map.of(), null, 0);
        subs.unsubscribe(List.of("*"));
        sub.take();
        publish("AAPL", 1);
        subs.subscribe(List.of("AAPL"), Map.of(), null, 0);
        publish("AAPL", 1);
        assertEquals(List.of("snapshot:AAPL:1", "tick:AAPL:2"), sub.summary());
    }

    @Test
    void unsubscribeStopsTicks() {
        subs.subscribe(List.of("AAPL", "MSFT"), Map.of(), null, 0);
        subs.unsubscribe(List.of("AAPL"));
        sub.take();
        publish("AAPL", 2);
        publish("MSFT", 1);
        assertEquals(List.of("tick:MSFT:1"), sub.summary());
    }

    @Test
    void throttleSendsAtMostOneTickPerIntervalAlwaysTheNewest() {
        subs.subscribe(List.of("AAPL"), Map.of(), null, 250);
        // A burst inside the first interval (started by the snapshot): nothing goes out at once...
        for (int i = 0; i < 5; i++) {
            vts.advanceTimeBy(Duration.ofMillis(40));
            publish("AAPL", 1);
        }
        assertEquals(List.of("snapshot:AAPL:0"), sub.summary());
        // ...and the newest of it arrives by the end of the interval.
        vts.advanceTimeBy(Duration.ofMillis(50));
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:5"), sub.summary());
        // After a quiet interval, a tick goes out at once.
        vts.advanceTimeBy(Duration.ofMillis(300));
        publish("AAPL", 1);
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:5", "tick:AAPL:6"), sub.summary());
    }

    @Test
    void theLatestSubscribeSetsTheThrottle() {
        subs.subscribe(List.of("AAPL"), Map.of(), null, 250);
        subs.subscribe(List.of("AAPL"), Map.of(), null, 0);
        publish("AAPL", 3);
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:1", "tick:AAPL:2", "tick:AAPL:3"), sub.summary());
    }

    @Test
    void removedSymbolStopsAndANewEpochServesNoResume() {
        subs.subscribe(List.of("AAPL"), Map.of(), null, 0);
        publish("AAPL", 3);
        fanout.newEpoch("e2", s -> tick(s, 0));
        assertEquals(List.of("snapshot:AAPL:0"), sub.summary().subList(4, 5), "subscribers see the restart");
        sub.take();
        Subscriptions late = sub.pullingFrom(new Subscriptions(fanout, sub, 10));
        late.subscribe(List.of("AAPL"), Map.of("AAPL", 1L), "e1", 0);
        assertEquals(List.of("snapshot:AAPL:0"), sub.summary());
        late.close();
        assertEquals("e2", fanout.epoch());
    }

    @Test
    void aNewEpochSendsAConflatedTickOfTheOldOneBeforeItsSnapshot() {
        subs.subscribe(List.of("AAPL"), Map.of(), null, 100);
        publish("AAPL", 2); // both inside the interval the snapshot started: 2 waits for its end
        fanout.newEpoch("e2", symbol -> tick(symbol, 0));
        vts.advanceTimeBy(Duration.ofMillis(100));
        vts.advanceTimeBy(Duration.ofMillis(100));
        fanout.publish(tick("AAPL", 1));
        vts.advanceTimeBy(Duration.ofMillis(100));
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:2", "snapshot:AAPL:0", "tick:AAPL:1"), sub.summary(),
                "the old run's newest tick ends it, never follows the new run's snapshot");
    }

    /**
     * A subscription whose snapshot was not pulled yet had nothing of the old run, and its reply named the old
     * epoch: a snapshot of the new run alone would pass for the old one's. So it sees both, seq going back.
     */
    @Test
    void aRestartShowsASubscriptionStillCatchingUpWhereTheOldRunEnded() {
        publish("AAPL", 5);
        pulled.subscribe(List.of("AAPL"), Map.of(), null, 0);
        fanout.newEpoch("e2", symbol -> tick(symbol, 0));
        assertFalse(pulled.pullCatchUps(Long.MAX_VALUE), "the restart ended the catch-up");
        fanout.publish(tick("AAPL", 1));
        assertEquals(List.of("snapshot:AAPL:5", "snapshot:AAPL:0", "tick:AAPL:1"), slow.summary());
        pulled.close();
    }

    /**
     * An SSE event's id takes the epoch the fan-out names when its frame is offered: the old run's last frames
     * (a held tick, where the run ended) must be offered before the epoch changes, the new run's after.
     */
    @Test
    void everyFrameOfARestartIsOfferedUnderTheEpochOfItsRun() {
        RecordingSubscriber recorded = new RecordingSubscriber(vts);
        List<String> epochs = new ArrayList<>();
        Subscriber labelled = new Subscriber() {
            @Override
            public boolean offer(OutFrame frame) {
                epochs.add(fanout.epoch());
                return recorded.offer(frame);
            }

            @Override
            public Scheduler timers() {
                return vts;
            }

            @Override
            public void catchUpWaiting() {
                // pulled by the test
            }
        };
        Subscriptions held = new Subscriptions(fanout, labelled, 10);
        held.subscribe(List.of("AAPL"), Map.of(), null, 100);
        held.pullCatchUps(Long.MAX_VALUE);
        publish("AAPL", 2); // inside the interval the snapshot started: 2 is held
        held.subscribe(List.of("MSFT"), Map.of(), null, 0);
        publish("MSFT", 3); // its snapshot is not pulled yet
        fanout.newEpoch("e2", symbol -> tick(symbol, 0));

        List<String> labels = new ArrayList<>();
        List<String> summary = recorded.summary();
        for (int i = 0; i < summary.size(); i++) {
            labels.add(summary.get(i) + "@" + epochs.get(i));
        }
        assertEquals(List.of("snapshot:AAPL:0@e1"), labels.subList(0, 1));
        assertEquals(Set.of("tick:AAPL:2@e1", "snapshot:MSFT:3@e1"), Set.copyOf(labels.subList(1, 3)), "the old run's end");
        assertEquals(Set.of("snapshot:AAPL:0@e2", "snapshot:MSFT:0@e2"), Set.copyOf(labels.subList(3, 5)), "the new run");
        assertEquals(5, labels.size(), labels.toString());
        held.close();
    }

    /** A subscribe and its reply are one step with respect to a restart: the epoch it names is the run that follows. */
    @Test
    void aNewEpochWaitsForASubscribeAndItsReplyToFinish() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch replied = new CountDownLatch(1);
        List<String> named = new ArrayList<>();
        Thread subscribing = new Thread(() -> fanout.inCurrentEpoch(epoch -> {
            named.add(epoch);
            inside.countDown();
            try {
                replied.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        subscribing.start();
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> fanout.newEpoch("e2", s -> tick(s, 0)));
        assertThrows(TimeoutException.class, () -> restart.get(200, TimeUnit.MILLISECONDS),
                "the restart must wait for the reply to be queued");
        assertEquals("e1", fanout.epoch());
        replied.countDown();
        restart.get(5, TimeUnit.SECONDS);
        subscribing.join(5000);
        assertEquals(List.of("e1"), named);
        assertEquals("e2", fanout.epoch());
    }

    @Test
    void aSubscribeRacingTheRemovalOfItsSymbolLeavesNothingAttached() {
        SymbolFeed feed = fanout.feed("AAPL");
        fanout.removeSymbol("AAPL");
        SymbolSubscription late = new SymbolSubscription(sub, "AAPL", 0, fanout.nanoClock());
        assertNull(feed.attach(late, -1), "a closed feed takes no subscriber");
        assertTrue(late.isCancelled());
        assertEquals(0, feed.subscriberCount());
    }

    @Test
    void theLatestSubscribeSetsTheThrottleOfANamedSymbolWildcardIncluded() {
        publish("AAPL", 4);
        subs.subscribe(List.of("AAPL"), Map.of("AAPL", 2L), "e1", 0);
        subs.subscribe(List.of("*"), Map.of(), null, 250);
        publish("AAPL", 2);
        assertEquals(List.of("tick:AAPL:3", "tick:AAPL:4", "snapshot:MSFT:0"), sub.summary(),
                "AAPL replayed, then conflated by the wildcard's throttle (its interval started with the replay)");
        vts.advanceTimeBy(Duration.ofMillis(250));
        assertEquals("tick:AAPL:6", sub.summary().get(3), "the newest of the interval");
        subs.subscribe(List.of("AAPL"), Map.of(), null, 0);
        publish("AAPL", 1);
        assertEquals("tick:AAPL:7", sub.summary().get(4), "named again, unthrottled again");
    }

    /**
     * The lag bound (and the heartbeat's quiet time) counts from a frame's creation. A tick the throttle
     * held back had not been waiting for the socket: with a 2 s interval and the default 1 s lag bound, a
     * fast client was dropped as a slow consumer as soon as anything followed such a tick into its queue.
     */
    @Test
    void aConflatedTickCountsAsMadeWhenItsIntervalReleasesIt() {
        subs.subscribe(List.of("AAPL"), Map.of(), null, 2000);
        vts.advanceTimeBy(Duration.ofMillis(10));
        publish("AAPL", 1); // held until the interval the snapshot started ends
        vts.advanceTimeBy(Duration.ofMillis(1990));
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:1"), sub.summary());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(2000), sub.createdNanos().get(1), "released at the interval's end");

        vts.advanceTimeBy(Duration.ofMillis(10));
        publish("AAPL", 1); // held again
        vts.advanceTimeBy(Duration.ofMillis(500));
        subs.subscribe(List.of("AAPL"), Map.of(), null, 0); // going unthrottled releases it at once
        assertEquals("tick:AAPL:2", sub.summary().get(2));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(2510), sub.createdNanos().get(2), "released by the new throttle");
    }

    @Test
    void aShorterThrottleAppliesToTheTickItHolds() {
        subs.subscribe(List.of("AAPL"), Map.of(), null, 5000);
        vts.advanceTimeBy(Duration.ofMillis(300));
        publish("AAPL", 1); // held for the end of the 5 s interval the snapshot started
        vts.advanceTimeBy(Duration.ofMillis(300));
        subs.subscribe(List.of("AAPL"), Map.of(), null, 250); // 250 ms from the snapshot have passed
        vts.advanceTimeBy(Duration.ZERO);
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:1"), sub.summary(), "released at once");
        assertEquals(TimeUnit.MILLISECONDS.toNanos(600), sub.createdNanos().get(1));

        vts.advanceTimeBy(Duration.ofMillis(100));
        publish("AAPL", 1); // inside the new interval: held until 250 ms after the last release
        vts.advanceTimeBy(Duration.ofMillis(149));
        assertEquals(2, sub.summary().size());
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertEquals("tick:AAPL:2", sub.summary().get(2));
        vts.advanceTimeBy(Duration.ofSeconds(5)); // the 5 s timer is gone: nothing more
        assertEquals(3, sub.summary().size());
    }

    @Test
    void aLongerThrottleReleasesTheHeldTickAtTheEndOfItsOwnInterval() {
        subs.subscribe(List.of("AAPL"), Map.of(), null, 250);
        vts.advanceTimeBy(Duration.ofMillis(100));
        publish("AAPL", 1);
        subs.subscribe(List.of("AAPL"), Map.of(), null, 5000);
        vts.advanceTimeBy(Duration.ofMillis(150));
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:1"), sub.summary());
        publish("AAPL", 1); // the next interval is the new one
        vts.advanceTimeBy(Duration.ofMillis(4999));
        assertEquals(2, sub.summary().size());
        vts.advanceTimeBy(Duration.ofMillis(1));
        assertEquals("tick:AAPL:2", sub.summary().get(2));
    }

    /** A closed connection's held ticks and their timers go with it, not when the interval would have ended. */
    @Test
    void closingDisposesTheTimersOfHeldTicks() {
        TrackingScheduler timers = new TrackingScheduler(vts);
        RecordingSubscriber other = new RecordingSubscriber(timers);
        Subscriptions held = other.pullingFrom(new Subscriptions(fanout, other, 10));
        held.subscribe(List.of("*"), Map.of(), null, 60_000);
        vts.advanceTimeBy(Duration.ofMillis(10));
        publish("AAPL", 1);
        publish("MSFT", 1);
        assertEquals(2, timers.armed(), "one flush armed per held tick");
        held.close();
        assertEquals(0, timers.armed());
    }

    /** Virtual time that remembers what it scheduled. */
    private static final class TrackingScheduler implements Scheduler {
        private final Scheduler time;
        private final List<Disposable> scheduled = new ArrayList<>();

        TrackingScheduler(Scheduler time) {
            this.time = time;
        }

        @Override
        public Disposable schedule(Runnable task) {
            return track(time.schedule(task));
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            return track(time.schedule(task, delay, unit));
        }

        @Override
        public Worker createWorker() {
            return time.createWorker();
        }

        private Disposable track(Disposable d) {
            scheduled.add(d);
            return d;
        }

        long armed() {
            return scheduled.stream().filter(d -> !d.isDisposed()).count();
        }
    }

    @Test
    void goingUnthrottledSendsThePendingTickBeforeTheNextOnes() {
        subs.subscribe(List.of("AAPL"), Map.of(), null, 250);
        vts.advanceTimeBy(Duration.ofMillis(10));
        publish("AAPL", 2); // conflated: 2 is pending, its timer armed
        subs.subscribe(List.of("AAPL"), Map.of(), null, 0);
        publish("AAPL", 2);
        vts.advanceTimeBy(Duration.ofSeconds(1)); // the old timer finds nothing left to send
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:2", "tick:AAPL:3", "tick:AAPL:4"), sub.summary());
    }

    @Test
    void aSubscriberLeavingWhileATickIsDeliveredCostsNoOtherSubscriberThatTick() {
        // The fan-out holds the symbol's lock while it delivers, and the lock is reentrant: a connection that
        // ended its subscriptions from inside the delivery must not make the fan-out skip or repeat another.
        List<RecordingSubscriber> recorders = new ArrayList<>();
        List<Subscriptions> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RecordingSubscriber r = new RecordingSubscriber(vts);
            Subscriptions s = r.pullingFrom(new Subscriptions(fanout, r, 10));
            recorders.add(r);
            all.add(s);
        }
        RecordingSubscriber recorder = new RecordingSubscriber(vts);
        boolean[] ticking = {false};
        Subscriber leaving = new Subscriber() {
            @Override
            public boolean offer(OutFrame frame) {
                boolean taken = recorder.offer(frame);
                if (ticking[0]) {
                    all.get(0).close(); // another connection goes, mid-delivery
                }
                return taken;
            }

            @Override
            public Scheduler timers() {
                return vts;
            }

            @Override
            public void catchUpWaiting() {
                recorder.catchUpWaiting();
            }
        };
        Subscriptions leaver = recorder.pullingFrom(new Subscriptions(fanout, leaving, 10));
        all.get(0).subscribe(List.of("AAPL"), Map.of(), null, 0);
        all.get(1).subscribe(List.of("AAPL"), Map.of(), null, 0);
        leaver.subscribe(List.of("AAPL"), Map.of(), null, 0);
        for (int i = 2; i < 5; i++) {
            all.get(i).subscribe(List.of("AAPL"), Map.of(), null, 0);
        }
        ticking[0] = true;
        publish("AAPL", 2);
        for (int i = 1; i < 5; i++) {
            assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:1", "tick:AAPL:2"), recorders.get(i).summary(),
                    "subscriber " + i);
        }
        assertEquals(List.of("snapshot:AAPL:0", "tick:AAPL:1"), recorders.get(0).summary(),
                "the one that left had the tick delivered as it left, and no more");
        assertEquals(5, fanout.subscriptions());
        leaver.close();
        all.forEach(Subscriptions::close);
    }
}
