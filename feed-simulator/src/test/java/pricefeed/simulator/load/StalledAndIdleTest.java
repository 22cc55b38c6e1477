package pricefeed.simulator.load;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pricefeed.core.market.Micros;
import pricefeed.core.ws.testing.LeakWatch;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients that stop reading, and connections that never subscribe, seen from both ends. */
@ExtendWith(LeakWatch.class)
class StalledAndIdleTest {

    /** Large ticks (the header as the server writes it, then padding) fill socket buffers within a second. */
    private static final String PAD = ",\"pad\":\"" + "x".repeat(64 * 1024) + "\"}";
    /** A connection unwritable for this many checks in a row (20 ms apart) is backed up, not just busy. */
    private static final int BACKED_UP_CHECKS = 25;

    private ScriptedServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private static String paddedTick(long seq) {
        String tick = Wire.tick("AAPL", seq).apply(Micros.now());
        return tick.substring(0, tick.length() - 1) + PAD;
    }

    @Test
    void stalledClientsStopReadingTheServerBacksUpAndDropsAreFoundByProbeOrByTheFinalRead() {
        Set<Integer> backedUp = ConcurrentHashMap.newKeySet();
        AtomicInteger order = new AtomicInteger();
        server = ScriptedServer.start(s -> {
            Sinks.Empty<Void> stop = Sinks.empty();
            AtomicLong seq = new AtomicLong();
            // Seqs are numbered after the drop, so a client that lags sees no gap, only fewer ticks.
            Flux<String> ticks = Flux.interval(Duration.ofMillis(5)).onBackpressureDrop()
                    .map(i -> paddedTick(seq.incrementAndGet()))
                    .takeUntilOther(stop.asMono());
            Flux.interval(Duration.ofMillis(20))
                    .map(i -> !s.channel.isWritable())
                    .scan(0, (run, unwritable) -> unwritable ? run + 1 : 0)
                    .filter(run -> run >= BACKED_UP_CHECKS)
                    .next()
                    .takeUntilOther(s.clientGone())
                    .subscribe(run -> {
                        backedUp.add(s.index);
                        if (order.getAndIncrement() == 0) {
                            stop.tryEmitEmpty(); // then close 1008, behind what is in flight
                        } else {
                            s.channel.close(); // gone without a close frame: only a probe can tell
                        }
                    });
            return s.firstMessage()
                    .flatMap(subscribe -> s.out.sendString(ticks).then())
                    .then(Mono.defer(() -> s.out.sendClose(1008, "slow consumer")))
                    .then(s.clientGone());
        });
        List<String> lines = new CopyOnWriteArrayList<>();
        LoadPlan plan = LoadPlan.builder(server.uri()).clients(3).stalled(2).stallAfter(Duration.ofMillis(300))
                .duration(Duration.ofMillis(4500)).ramp(Duration.ZERO).progress(Duration.ofMillis(250))
                .eventLoops(2).build();
        LoadReport r = LoadRun.run(plan, lines::add);

        assertEquals(2, backedUp.size(), "the server saw the writes to both stalled clients back up");
        assertEquals(3, server.sessions.size());
        LoadReport.Stalled st = r.stalled();
        assertEquals(2, st.clients());
        assertEquals(2, st.stalled());
        assertEquals(2, st.dropped());
        assertEquals(1, st.droppedWithClose1008(), "the 1008 behind the backlog, read once the run was over");
        assertTrue(st.medianMsToDrop() > 0 && st.maxMsToDrop() >= st.medianMsToDrop(), st.toString());
        assertTrue(st.backlogMessages() > 0, "the 1008 came after the backlog");
        assertTrue(lines.stream().anyMatch(l -> l.contains(" stalled=2/2 dropped=1")),
                "the abrupt close was found by a probe while the run went on: " + lines);
        assertEquals(0, r.connections().dropped(), "stalled clients are counted apart");
        assertTrue(r.messages().ticks() > 0);
        assertEquals(0, r.sequence().gaps());
        assertEquals(0, r.sequence().duplicates());
    }

    /**
     * Everything a stalled client reads after it stalls is backlog, whatever it is: not a heartbeat among the
     * other messages, not an error reply (nor the run's first error), not a malformed message. Only the tick it
     * read before stalling is a delivery.
     */
    @Test
    void whatAStalledClientReadsAfterItStallsIsBacklogWhateverItIs() {
        Sinks.Empty<Void> stalled = Sinks.empty();
        server = ScriptedServer.start(s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Mono.just(Wire.build(Wire.tick("AAPL", 1)))).then())
                .then(stalled.asMono())
                .then(Mono.defer(() -> s.out.sendString(Flux.just(Wire.tick("AAPL", 2), Wire.heartbeat(),
                        Wire.error("late"), Wire.raw("not json")).map(Wire::build)).then()))
                .then(Mono.defer(() -> s.out.sendByteArray(Mono.just(new byte[] {1, 2, 3})).then()))
                .then(s.clientGone()));
        List<String> lines = new CopyOnWriteArrayList<>();
        LoadPlan plan = LoadPlan.builder(server.uri()).clients(1).stalled(1).stallAfter(Duration.ofMillis(200))
                .duration(Duration.ofMillis(1500)).ramp(Duration.ZERO).progress(Duration.ofMillis(100))
                .eventLoops(1).build();
        LoadReport r = LoadRun.run(plan, line -> {
            lines.add(line);
            if (line.contains(" stalled=1/1")) { // the client has stopped reading: what comes now is backlog
                stalled.tryEmitEmpty();
            }
        });

        assertEquals(1, r.stalled().stalled(), lines.toString());
        assertEquals(5, r.stalled().backlogMessages(), "a tick, a heartbeat, an error, a text and a binary message");
        LoadReport.Messages m = r.messages();
        assertEquals("delivered 1 ticks 1 other 0 errors 0 first null malformed 0", "delivered " + m.delivered()
                + " ticks " + m.ticks() + " other " + m.other() + " errors " + m.errorReplies() + " first "
                + m.firstError() + " malformed " + m.malformed());
        assertEquals(0, r.sequence().gaps());
    }

    @Test
    void idleConnectionsHandshakeAndNeverSubscribe() {
        server = ScriptedServer.start(s -> s.firstMessage()
                .flatMap(subscribe -> s.out.sendString(Flux.just(Wire.tick("AAPL", 1)).map(Wire::build)).then())
                .then(s.clientGone()));
        List<String> lines = new CopyOnWriteArrayList<>();
        LoadPlan plan = LoadPlan.builder(server.uri()).clients(1).idle(3).duration(Duration.ofSeconds(2))
                .ramp(Duration.ZERO).progress(Duration.ofMillis(500)).eventLoops(1).build();
        LoadReport r = LoadRun.run(plan, lines::add);

        assertEquals(new LoadReport.Idle(3, 3, 3), r.idle());
        assertEquals(4, r.connections().opened());
        assertEquals(4, server.sessions.size());
        long silent = server.sessions.stream().filter(s -> s.received.isEmpty()).count();
        assertEquals(3, silent, "idle connections sent nothing");
        assertEquals(List.of("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}"), server.sessions.stream()
                .flatMap(s -> s.received.stream()).toList());
        assertEquals(1, r.messages().ticks());
        assertTrue(lines.get(lines.size() - 1).endsWith(" idle=3/3"), lines.toString());
    }

    /** What a server pushes to an idle connection unasked is not a delivery: it would inflate rate and latency. */
    @Test
    void messagesAnIdleConnectionIsSentAreNotCounted() {
        server = ScriptedServer.start(s -> s.out.sendString(Flux.range(1, 5).map(seq -> Wire.build(Wire.tick("AAPL", seq))))
                .then().then(s.clientGone()));
        LoadPlan plan = LoadPlan.builder(server.uri()).clients(1).idle(3).duration(Duration.ofSeconds(2))
                .ramp(Duration.ZERO).progress(Duration.ZERO).eventLoops(1).build();
        LoadReport r = LoadRun.run(plan, line -> { });

        assertEquals(new LoadReport.Idle(3, 3, 3), r.idle());
        assertEquals(5, r.messages().ticks(), "the reader's five ticks, none of the idle connections' fifteen");
    }
}
