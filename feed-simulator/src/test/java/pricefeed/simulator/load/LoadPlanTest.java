package pricefeed.simulator.load;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoadPlanTest {

    private static final URI URL = URI.create("ws://127.0.0.1:8081/stream");

    @Test
    void defaultsAreTheCommandLines() {
        LoadPlan p = LoadPlan.builder(URL).build();
        assertEquals(new LoadPlan(URL, 100, List.of("*"), 0, Duration.ofSeconds(30), Duration.ofSeconds(2), 0,
                Duration.ofSeconds(2), 0, Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(1),
                Runtime.getRuntime().availableProcessors()), p);
        assertEquals(100, p.connections());
    }

    /** A ?symbols= query would subscribe an idle connection at the handshake; other parameters stay. */
    @Test
    void idleConnectionsOpenTheUrlWithoutItsSymbolsParameters() {
        record Case(String url, String idle) { }
        for (Case c : List.of(
                new Case("ws://h:1/stream", "ws://h:1/stream"),
                new Case("ws://h:1/stream?symbols=AAPL,MSFT", "ws://h:1/stream"),
                new Case("ws://h:1/stream?symbols=AAPL&symbols=MSFT", "ws://h:1/stream"),
                new Case("ws://h:1/stream?a=1&symbols=AAPL&b=%20x", "ws://h:1/stream?a=1&b=%20x"),
                new Case("ws://h:1/stream?%73ymbols=AAPL&symbolsx=1", "ws://h:1/stream?symbolsx=1"),
                new Case("ws://h:1/stream?symbols", "ws://h:1/stream"))) {
            assertEquals(URI.create(c.idle()), LoadPlan.builder(URI.create(c.url())).build().idleUrl(), c.url());
        }
    }

    @Test
    void anUnsetRampIsNeverLongerThanTheRun() {
        assertEquals(Duration.ofSeconds(1), LoadPlan.builder(URL).duration(Duration.ofSeconds(1)).build().ramp());
        assertEquals(Duration.ofSeconds(2), LoadPlan.builder(URL).duration(Duration.ofSeconds(3)).build().ramp());
    }

    @Test
    void anUnsetStallAfterIsAtMostHalfTheRun() {
        LoadPlan.Builder b = LoadPlan.builder(URL).clients(2).stalled(1);
        assertEquals(Duration.ofMillis(500), b.duration(Duration.ofSeconds(1)).build().stallAfter());
        assertEquals(Duration.ofMillis(1999), b.duration(Duration.ofMillis(3998)).build().stallAfter());
        assertEquals(Duration.ofSeconds(2), b.duration(Duration.ofSeconds(4)).build().stallAfter());
        assertEquals(Duration.ofSeconds(2), b.duration(Duration.ofSeconds(30)).build().stallAfter());
    }

    @Test
    void stalledClientsAreSpreadEvenlyAndIdleConnectionsComeLast() {
        LoadPlan p = LoadPlan.builder(URL).clients(10).stalled(3).idle(2).build();
        List<ClientKind> kinds = IntStream.range(0, p.connections()).mapToObj(p::kindOf).toList();
        assertEquals(List.of(ClientKind.READER, ClientKind.READER, ClientKind.READER, ClientKind.STALLER,
                ClientKind.READER, ClientKind.READER, ClientKind.STALLER, ClientKind.READER, ClientKind.READER,
                ClientKind.STALLER, ClientKind.IDLE, ClientKind.IDLE), kinds);
        LoadPlan all = LoadPlan.builder(URL).clients(4).stalled(4).build();
        assertEquals(4, IntStream.range(0, 4).filter(i -> all.kindOf(i) == ClientKind.STALLER).count());
    }

    @Test
    void outOfRangeValuesNameTheirField() {
        InvalidPlanException e = assertThrows(InvalidPlanException.class,
                () -> LoadPlan.builder(URL).clients(2).stalled(3).build());
        assertEquals("stalled", e.field());
        assertEquals(3, e.value());
        assertEquals("stalled = 3: must be 0 up to the number of clients", e.getMessage());
        assertEquals("url", assertThrows(InvalidPlanException.class,
                () -> LoadPlan.builder(URI.create("ws:/nohost")).build()).field());
        assertEquals("url", assertThrows(InvalidPlanException.class,
                () -> LoadPlan.builder(URI.create("wss://h/stream")).build()).field());
        assertEquals("symbols", assertThrows(InvalidPlanException.class,
                () -> LoadPlan.builder(URL).symbols(List.of()).build()).field());
        assertEquals("progress", assertThrows(InvalidPlanException.class,
                () -> LoadPlan.builder(URL).progress(Duration.ofSeconds(-1)).build()).field());
    }

    @Test
    void attemptsAreSpreadEvenlyOverTheRamp() {
        LoadPlan p = LoadPlan.builder(URL).clients(3).idle(1).ramp(Duration.ofMillis(2)).build();
        assertEquals(List.of(0L, 500_000L, 1_000_000L, 1_500_000L),
                IntStream.range(0, 4).mapToObj(p::rampDelayNanos).toList());
    }

    @Test
    void rampDelaysDoNotOverflowOnTheLongestRampWithTheMostConnections() {
        Duration week = Duration.ofDays(7);
        LoadPlan p = LoadPlan.builder(URL).clients(LoadConstants.MAX_CONNECTIONS).duration(week).ramp(week).build();
        BigInteger ramp = BigInteger.valueOf(week.toNanos());
        BigInteger n = BigInteger.valueOf(p.connections());
        for (int i = 0; i < p.connections(); i++) { // ramp * i overflows a long from i = 15,251
            assertEquals(ramp.multiply(BigInteger.valueOf(i)).divide(n).longValueExact(), p.rampDelayNanos(i),
                    "connection " + i);
        }
    }

    @Test
    void idleOnlyIsAPlan() {
        LoadPlan p = LoadPlan.builder(URL).clients(0).idle(5).build();
        assertEquals(5, p.connections());
        assertEquals(ClientKind.IDLE, p.kindOf(0));
    }
}
