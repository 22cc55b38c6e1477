package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ServerMessageParserTest {

    private final ServerMessageParser parser = new ServerMessageParser();

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void everyMessageRoundTrips(Buffers kind) {
        JsonId id = JsonId.parse("\"r-1 é\"");
        Tick tick = ServerMessagesTest.AAPL_TICK;
        assertEquals(new ServerMessage.TickMessage(tick), roundTrip(kind, out -> ServerMessages.tick(tick, out)));
        assertEquals(new ServerMessage.Snapshot(tick), roundTrip(kind, out -> ServerMessages.snapshot(tick, out)));
        assertEquals(new ServerMessage.Subscribed(id, List.of("AAPL", "*"), "e7f3"),
                roundTrip(kind, out -> ServerMessages.subscribed(id, List.of("AAPL", "*"), "e7f3", out)));
        assertEquals(new ServerMessage.Subscribed(null, List.of("A"), "e"),
                roundTrip(kind, out -> ServerMessages.subscribed(null, List.of("A"), "e", out)));
        assertEquals(new ServerMessage.Unsubscribed(JsonId.of(2), List.of("AAPL")),
                roundTrip(kind, out -> ServerMessages.unsubscribed(JsonId.of(2), List.of("AAPL"), out)));
        List<SymbolSpec> specs = List.of(new SymbolSpec("AAPL", 2), new SymbolSpec("BTC-USD", 8));
        assertEquals(new ServerMessage.SymbolList(JsonId.of(3), specs),
                roundTrip(kind, out -> ServerMessages.symbols(JsonId.of(3), specs, out)));
        assertEquals(new ServerMessage.SymbolList(null, List.of()),
                roundTrip(kind, out -> ServerMessages.symbols(null, List.of(), out)));
        assertEquals(new ServerMessage.Pong(JsonId.parse("1.50"), 1763712000130000L),
                roundTrip(kind, out -> ServerMessages.pong(JsonId.parse("1.50"), 1763712000130000L, out)));
        assertEquals(new ServerMessage.Heartbeat(1763712005000000L),
                roundTrip(kind, out -> ServerMessages.heartbeat(1763712005000000L, out)));
        assertEquals(new ServerMessage.ErrorReply(JsonId.of(1), "unknown_symbol", "unknown symbol: FOO \"x\"\n"),
                roundTrip(kind, out -> ServerMessages.error(JsonId.of(1), ErrorCode.UNKNOWN_SYMBOL,
                        "unknown symbol: FOO \"x\"\n", out)));
    }

    @Test
    void seededRandomTicksRoundTripExactly() {
        Random random = new Random(1763712000L);
        for (int i = 0; i < 20_000; i++) {
            int decimals = random.nextInt(SymbolSpec.MAX_DECIMALS + 1);
            Tick tick = new Tick(randomSymbol(random), decimals, random.nextLong() >>> 1, random.nextLong(),
                    randomPrice(random), randomPrice(random), randomPrice(random),
                    random.nextLong() >> random.nextInt(64), random.nextLong() >>> random.nextInt(64));
            Buffers kind = Buffers.values()[i % Buffers.values().length];
            boolean snapshot = random.nextBoolean();
            ServerMessage expected = snapshot ? new ServerMessage.Snapshot(tick) : new ServerMessage.TickMessage(tick);
            assertEquals(expected, roundTrip(kind, out -> {
                if (snapshot) {
                    ServerMessages.snapshot(tick, out);
                } else {
                    ServerMessages.tick(tick, out);
                }
            }));
        }
    }

    private static long randomPrice(Random random) {
        return random.nextLong() >> random.nextInt(64);
    }

    private static String randomSymbol(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
        char[] symbol = new char[1 + random.nextInt(32)];
        for (int i = 0; i < symbol.length; i++) {
            symbol[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(symbol);
    }

    @Test
    void readsFieldsInAnyOrderAndSkipsUnknownOnes() {
        assertEquals(new ServerMessage.TickMessage(new Tick("X", 3, 5, 6, 1000, 2000, 1500, 7, 8)),
                parser.parse("{\"volume\":8,\"bid\":1.000,\"new\":{\"a\":[1]},\"ask\":2.000,\"last\":1.500,"
                        + "\"size\":7,\"seq\":5,\"ts\":6,\"symbol\":\"X\",\"type\":\"tick\"}"));
        assertEquals(new ServerMessage.Heartbeat(9), parser.parse(" {\"ts\":9, \"type\":\"heartbeat\"} "));
    }

    @Test
    void unknownTypesAreReportedForSkipping() {
        assertEquals(new ServerMessage.Unknown("news"), parser.parse("{\"type\":\"news\",\"text\":\"hi\"}"));
    }

    @Test
    void errorCodesStayTextSoNewOnesStillRead() {
        ServerMessage.ErrorReply reply = (ServerMessage.ErrorReply) parser.parse(
                "{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\"}");
        assertEquals("rate_limited", reply.code());
        assertEquals(null, ErrorCode.fromWire(reply.code()));
        assertEquals(ErrorCode.UNKNOWN_SYMBOL, ErrorCode.fromWire("unknown_symbol"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "[]",
            "{\"type\":\"tick\"",
            "{\"type\":1}",
            "{\"ts\":1}",
            "{\"type\":\"heartbeat\"}",
            "{\"type\":\"heartbeat\",\"ts\":1.5}",
            "{\"type\":\"heartbeat\",\"ts\":99999999999999999999}",
            "{\"type\":\"pong\",\"id\":null,\"ts\":1}",
            "{\"type\":\"error\",\"code\":\"bad_request\"}",
            "{\"type\":\"subscribed\",\"symbols\":[\"A\"]}",
            "{\"type\":\"subscribed\",\"symbols\":[{\"symbol\":\"A\",\"decimals\":2}],\"epoch\":\"e\"}",
            "{\"type\":\"symbols\",\"symbols\":[\"A\"]}",
            "{\"type\":\"symbols\",\"symbols\":[{\"symbol\":\"a\",\"decimals\":2}]}",
            "{\"type\":\"symbols\",\"symbols\":[{\"symbol\":\"A\",\"decimals\":9}]}",
            "{\"type\":\"symbols\",\"symbols\":[{\"symbol\":\"A\"}]}",
            "{\"type\":\"symbols\",\"symbols\":[\"A\",{\"symbol\":\"A\",\"decimals\":1}]}",
            "{\"type\":\"symbols\",\"symbols\":[1]}",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1,\"ts\":1,\"bid\":1.0,\"ask\":1.00,\"last\":1.0,\"size\":1,\"volume\":1}",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1,\"ts\":1,\"bid\":1e2,\"ask\":1,\"last\":1,\"size\":1,\"volume\":1}",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1,\"ts\":1,\"bid\":\"1\",\"ask\":1,\"last\":1,\"size\":1,\"volume\":1}",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1,\"ts\":1,\"bid\":99999999999999999999,\"ask\":1,\"last\":1,\"size\":1,\"volume\":1}",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1,\"ts\":1,\"bid\":1,\"ask\":1,\"last\":1,\"size\":1}",
            "{\"type\":\"heartbeat\",\"ts\":1}{}",
    })
    void malformedServerMessagesAreReportedAsSuch(String json) {
        assertThrows(MalformedMessage.class, () -> parser.parse(json));
    }

    @Test
    void parsesOnlyTheReadableBytesAndLeavesTheReaderIndex() {
        for (Buffers kind : Buffers.values()) {
            ByteBuf buf = kind.of("xx{\"type\":\"pong\",\"id\":\"q\",\"ts\":3}");
            try {
                buf.readerIndex(2);
                assertEquals(new ServerMessage.Pong(JsonId.of("q"), 3), parser.parse(buf));
                assertEquals(2, buf.readerIndex());
            } finally {
                buf.release();
            }
        }
    }

    private ServerMessage roundTrip(Buffers kind, Consumer<ByteBuf> writer) {
        ByteBuf buf = kind.allocate();
        try {
            writer.accept(buf);
            return parser.parse(buf);
        } finally {
            buf.release();
        }
    }
}
