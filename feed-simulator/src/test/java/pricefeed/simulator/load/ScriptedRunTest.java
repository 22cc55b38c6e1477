package pricefeed.simulator.load;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pricefeed.core.ws.testing.LeakWatch;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pricefeed.simulator.load.Wire.error;
import static pricefeed.simulator.load.Wire.heartbeat;
import static pricefeed.simulator.load.Wire.raw;
import static pricefeed.simulator.load.Wire.reorderedTick;
import static pricefeed.simulator.load.Wire.snapshot;
import static pricefeed.simulator.load.Wire.subscribed;
import static pricefeed.simulator.load.Wire.tick;

/** The load client against a scripted WebSocket server: every count, from known sequences of messages. */
@ExtendWith(LeakWatch.class)
class ScriptedRunTest {

    /** A cap: scripted runs end as soon as the server closed every connection. */
    private static final Duration RUN = Duration.ofSeconds(10);

    private ScriptedServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    /** Plays the steps once the client subscribed, then closes with 1000, which ends the run early. */
    private static ScriptedServer.Script playing(List<LongFunction<String>> steps) {
        return s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Flux.fromIterable(steps).map(Wire::build)).then())
                .then(Mono.defer(() -> s.out.sendClose(1000, "script done")));
    }

    /** Plays the steps once the client subscribed, then keeps the connection until the client goes. */
    private static ScriptedServer.Script playingAndStaying(List<LongFunction<String>> steps) {
        return s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Flux.fromIterable(steps).map(Wire::build)).then())
                .then(s.clientGone());
    }

    private LoadPlan.Builder plan() {
        return LoadPlan.builder(server.uri()).clients(1).duration(RUN).ramp(Duration.ZERO)
                .progress(Duration.ZERO).eventLoops(1);
    }

    private static final List<LongFunction<String>> COUNTING = List.of(
            subscribed("e1"),
            snapshot("AAPL", 10),
            tick("AAPL", 11),
            tick("AAPL", 12),
            tick("AAPL", 14),       // gap: 13 missing
            tick("AAPL", 15),
            tick("AAPL", 15),       // duplicate
            tick("AAPL", 13),       // duplicate (behind)
            tick("AAPL", 20),       // gap: 16..19 missing
            tick("MSFT", 5),        // first sight: the baseline
            tick("MSFT", 6),
            snapshot("MSFT", 100),  // new baseline: no gap
            tick("MSFT", 101),
            reorderedTick("MSFT", 102), // slow path, in order
            heartbeat(),
            error("unknown symbol: FOO"),
            raw("not json"));

    @Test
    void countsTicksGapsDuplicatesAndSnapshotBaselinesPerConnectionAcrossLoops() {
        server = ScriptedServer.start(playing(COUNTING));
        LoadReport r = LoadRun.run(plan().clients(3).eventLoops(2).build(), line -> { });

        assertEquals(new LoadReport.Connections(3, 3, 3, 0, Map.of(), null, 3, Map.of(1000, 3), 0, Map.of()),
                r.connections());
        LoadReport.Messages m = r.messages();
        assertEquals(3 * 13, m.delivered());
        assertEquals(3 * 11, m.ticks());
        assertEquals(3 * 2, m.snapshots());
        assertEquals(3 * 3, m.other());
        assertEquals(3, m.errorReplies());
        assertEquals("unknown_symbol: unknown symbol: FOO", m.firstError());
        assertEquals(3, m.malformed());
        assertEquals(new LoadReport.Sequence(3 * 2, 3 * 5, 0, 3 * 2, 0, 0), r.sequence());
        assertEquals(3, server.sessions.size());
        for (ScriptedServer.Session s : server.sessions) {
            assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}", s.received.peek());
        }
    }

    @Test
    void latencyIsReceiptMinusTsOfEveryLiveTick() {
        server = ScriptedServer.start(playing(COUNTING));
        LoadReport r = LoadRun.run(plan().build(), line -> { });

        LoadReport.Latency l = r.latency();
        assertEquals(11, l.count(), "live ticks only: snapshots carry an old ts");
        double age = Wire.AGE_MICROS / 1000.0;
        assertTrue(l.p50() >= age && l.p50() < age + 500, "p50 " + l.p50());
        assertTrue(l.max() >= l.p999() && l.p999() >= l.p99() && l.p99() >= l.p90() && l.p90() >= l.p50());
        assertTrue(l.max() < 3_600_000, "no snapshot ts in the histogram: max " + l.max());
    }

    @Test
    void throttledSubscriptionCountsSkippedSeqsAsConflatedNotGaps() {
        server = ScriptedServer.start(playing(List.of(
                subscribed("e1"),
                snapshot("AAPL", 1),
                tick("AAPL", 3),      // 2 conflated
                tick("AAPL", 7),      // 4, 5, 6 conflated
                tick("AAPL", 7),      // still a duplicate
                tick("AAPL", 8))));
        LoadReport r = LoadRun.run(plan().throttleMs(250).build(), line -> { });

        assertEquals(new LoadReport.Sequence(0, 0, 4, 1, 0, 0), r.sequence());
        assertEquals(4, r.messages().ticks());
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"throttleMs\":250}",
                server.sessions.get(0).received.peek());
    }

    @Test
    void aNewEpochClearsEveryBaseline() {
        server = ScriptedServer.start(playing(List.of(
                subscribed("e1"),
                snapshot("AAPL", 5),
                tick("AAPL", 6),
                subscribed("e2"),     // the source restarted: seqs start again
                tick("AAPL", 1),
                tick("AAPL", 2),
                subscribed("e2"))));  // same epoch: nothing to reset
        LoadReport r = LoadRun.run(plan().symbols(List.of("AAPL")).build(), line -> { });

        assertEquals(new LoadReport.Sequence(0, 0, 0, 0, 1, 0), r.sequence());
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"]}", server.sessions.get(0).received.peek());
    }

    @Test
    void aServerCloseIsADropWithItsCodeAndEndsTheRunWhenNothingIsLeft() {
        server = ScriptedServer.start(s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Flux.just(tick("AAPL", 1), tick("AAPL", 2)).map(Wire::build))
                        .then())
                .then(s.out.sendClose(1008, "slow consumer")));
        Duration longRun = Duration.ofSeconds(20);
        long start = System.nanoTime();
        LoadReport r = LoadRun.run(plan().duration(longRun).build(), line -> { });

        assertEquals(new LoadReport.Connections(1, 1, 1, 0, Map.of(), null, 1, Map.of(1008, 1), 0, Map.of()),
                r.connections());
        assertEquals(2, r.messages().ticks());
        assertTrue(System.nanoTime() - start < longRun.toNanos() / 2, "the run ended once no connection was left");
        assertTrue(r.measuredSeconds() < longRun.toSeconds());
    }

    @Test
    void aConnectionWeCloseForTheServersProtocolErrorIsNotCountedAsADrop() {
        byte[] invalidUtf8 = {'"', (byte) 0xC3, '(', '"'};
        server = ScriptedServer.start(s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendObject(Mono.fromSupplier(
                        () -> new TextWebSocketFrame(Unpooled.wrappedBuffer(invalidUtf8)))).then())
                .then(s.clientGone()));
        LoadReport r = LoadRun.run(plan().build(), line -> { });

        assertEquals(new LoadReport.Connections(1, 1, 0, 0, Map.of(), null, 0, Map.of(), 1, Map.of(1007, 1)),
                r.connections());
    }

    @Test
    void theWarmUpIsLeftOutOfTheFigures() {
        server = ScriptedServer.start(s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Flux.just(tick("AAPL", 1), tick("AAPL", 3)).map(Wire::build))
                        .then())
                .then(Mono.delay(Duration.ofMillis(2500)))
                .then(s.out.sendString(Flux.just(tick("AAPL", 4), tick("AAPL", 5), tick("AAPL", 9)).map(Wire::build))
                        .then())
                .then(s.clientGone()));
        LoadReport r = LoadRun.run(plan().warmup(Duration.ofSeconds(2)).duration(Duration.ofSeconds(5)).build(),
                line -> { });

        assertEquals(3, r.messages().ticks(), "only the ticks after the warm-up");
        assertEquals(3, r.latency().count());
        assertEquals(new LoadReport.Sequence(1, 3, 0, 0, 0, 0), r.sequence(), "the gap at 3 was in the warm-up");
        assertTrue(r.measuredSeconds() >= 3.0 && r.measuredSeconds() < 3.5,
                "the measured span is never shorter than planned: " + r.measuredSeconds());
    }

    @Test
    void progressLinesComeAtTheIntervalWithTheRateAndPercentiles() {
        server = ScriptedServer.start(playingAndStaying(COUNTING));
        List<String> lines = new ArrayList<>();
        LoadReport r = LoadRun.run(plan().duration(Duration.ofMillis(3500)).progress(Duration.ofSeconds(1)).build(),
                lines::add);

        assertEquals(3, lines.size(), lines.toString());
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(i).matches("t=" + (i + 1) + "s conns=[01]/1 msgs/s=\\d+"
                    + " p50=(-|\\d+\\.\\d\\dms) p99=(-|\\d+\\.\\d\\dms) gaps=[02] dups=[02] drops=0"), lines.get(i));
        }
        assertEquals("t=3s conns=1/1 msgs/s=0 p50=- p99=- gaps=2 dups=2 drops=0", lines.get(2),
                "gaps and duplicates count from the start; rate and percentiles cover the last second");
        assertTrue(lines.stream().anyMatch(l -> l.matches(".* msgs/s=[1-9][0-9]* p50=\\d+\\.\\d\\dms p99=\\d+\\.\\d\\dms .*")),
                lines.toString());
        assertEquals(13, r.messages().delivered());
        assertEquals(0, r.connections().dropped());
        assertNull(r.connections().failures().get(LoadConnection.NOT_OPEN_AT_END));
    }
}
