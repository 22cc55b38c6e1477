package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerMessagesTest {

    static final Tick AAPL_TICK = new Tick("AAPL", 2, 1235, 1763712000124001L, 18912, 18915, 18915, 300, 1523700);
    static final Tick AAPL_SNAPSHOT = new Tick("AAPL", 2, 1234, 1763712000123456L, 18912, 18914, 18913, 100, 1523400);

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void tickAsInTheProtocol(Buffers kind) {
        assertEquals("{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":1235,\"ts\":1763712000124001,"
                        + "\"bid\":189.12,\"ask\":189.15,\"last\":189.15,\"size\":300,\"volume\":1523700}",
                kind.write(out -> ServerMessages.tick(AAPL_TICK, out)));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void snapshotAsInTheProtocol(Buffers kind) {
        assertEquals("{\"type\":\"snapshot\",\"symbol\":\"AAPL\",\"seq\":1234,\"ts\":1763712000123456,"
                        + "\"bid\":189.12,\"ask\":189.14,\"last\":189.13,\"size\":100,\"volume\":1523400}",
                kind.write(out -> ServerMessages.snapshot(AAPL_SNAPSHOT, out)));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void pricesWithZeroFourAndEightDecimalsAndBigVolumes(Buffers kind) {
        assertEquals("{\"type\":\"tick\",\"symbol\":\"N225\",\"seq\":1,\"ts\":0,"
                        + "\"bid\":38000,\"ask\":38005,\"last\":38005,\"size\":1,\"volume\":9223372036854775807}",
                kind.write(out -> ServerMessages.tick(
                        new Tick("N225", 0, 1, 0, 38000, 38005, 38005, 1, Long.MAX_VALUE), out)));
        assertEquals("{\"type\":\"tick\",\"symbol\":\"EUR-USD\",\"seq\":77,\"ts\":1763712000000000,"
                        + "\"bid\":1.0500,\"ask\":1.0502,\"last\":1.0501,\"size\":1000000,\"volume\":123456789012}",
                kind.write(out -> ServerMessages.tick(
                        new Tick("EUR-USD", 4, 77, 1763712000000000L, 10500, 10502, 10501, 1_000_000, 123456789012L),
                        out)));
        assertEquals("{\"type\":\"snapshot\",\"symbol\":\"BTC_USD.X\",\"seq\":0,\"ts\":1,"
                        + "\"bid\":0.00000001,\"ask\":65432.10000000,\"last\":1.00000000,\"size\":0,\"volume\":0}",
                kind.write(out -> ServerMessages.snapshot(
                        new Tick("BTC_USD.X", 8, 0, 1, 1, 6_543_210_000_000L, 100_000_000, 0, 0), out)));
    }

    @Test
    void negativeValuesAreWrittenThoughNotExpected() {
        assertEquals("{\"type\":\"tick\",\"symbol\":\"X\",\"seq\":-1,\"ts\":-2,"
                        + "\"bid\":-0.05,\"ask\":-0.04,\"last\":-1.00,\"size\":-3,\"volume\":-9223372036854775808}",
                Buffers.HEAP.write(out -> ServerMessages.tick(
                        new Tick("X", 2, -1, -2, -5, -4, -100, -3, Long.MIN_VALUE), out)));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void appendsAfterWhatIsAlreadyThere(Buffers kind) {
        String written = kind.write(out -> {
            out.writeCharSequence("[", StandardCharsets.US_ASCII);
            ServerMessages.tick(AAPL_TICK, out);
            out.writeByte(',');
            ServerMessages.snapshot(AAPL_SNAPSHOT, out);
        });
        assertEquals("[" + ServerMessages.json(out -> ServerMessages.tick(AAPL_TICK, out)) + ","
                + ServerMessages.json(out -> ServerMessages.snapshot(AAPL_SNAPSHOT, out)), written);
    }

    @Test
    void maxTickLengthIsTheLongestPossibleTick() {
        String symbol = "X".repeat(32);
        new SymbolSpec(symbol, 8); // the longest symbol SymbolSpec accepts...
        assertThrows(IllegalArgumentException.class, () -> new SymbolSpec(symbol + "X", 8)); // ...and no longer
        Tick worst = new Tick(symbol, 8, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
        for (Buffers kind : Buffers.values()) {
            assertEquals(ServerMessages.MAX_TICK_JSON_BYTES,
                    kind.write(out -> ServerMessages.snapshot(worst, out)).length(), kind.name());
        }
        assertEquals(259, ServerMessages.MAX_TICK_JSON_BYTES);
        assertTrue(Scratch.SIZE >= ServerMessages.MAX_TICK_JSON_BYTES, "the scratch array holds any tick");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "aapl", "A\"B", "A\\B", "A B", "É", "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"})
    void aSymbolSymbolSpecWouldRejectIsOurBugAndWritesNothing(String symbol) {
        for (Buffers kind : Buffers.values()) {
            ByteBuf out = kind.allocate();
            try {
                out.writeByte('x');
                Tick tick = new Tick(symbol, 2, 1, 1, 1, 2, 1, 1, 1);
                assertThrows(IllegalArgumentException.class, () -> ServerMessages.tick(tick, out));
                assertEquals(1, out.readableBytes(), kind.name());
            } finally {
                out.release();
            }
        }
    }

    @Test
    void decimalsOutsideTheSpecAreOurBug() {
        Tick tick = new Tick("A", 9, 1, 1, 1, 2, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> Buffers.HEAP.write(out -> ServerMessages.tick(tick, out)));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void subscribed(Buffers kind) {
        assertEquals("{\"type\":\"subscribed\",\"id\":1,\"symbols\":[\"AAPL\",\"MSFT\"],\"epoch\":\"e7f3\"}",
                kind.write(out -> ServerMessages.subscribed(JsonId.of(1), List.of("AAPL", "MSFT"), "e7f3", out)));
        assertEquals("{\"type\":\"subscribed\",\"symbols\":[\"*\"],\"epoch\":\"e7f3\"}",
                kind.write(out -> ServerMessages.subscribed(null, List.of("*"), "e7f3", out)));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void unsubscribed(Buffers kind) {
        assertEquals("{\"type\":\"unsubscribed\",\"id\":2,\"symbols\":[\"AAPL\"]}",
                kind.write(out -> ServerMessages.unsubscribed(JsonId.of(2), List.of("AAPL"), out)));
        assertEquals("{\"type\":\"unsubscribed\",\"symbols\":[]}",
                kind.write(out -> ServerMessages.unsubscribed(null, List.of(), out)));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void symbols(Buffers kind) {
        assertEquals("{\"type\":\"symbols\",\"id\":3,\"symbols\":[{\"symbol\":\"AAPL\",\"decimals\":2},"
                        + "{\"symbol\":\"BTC-USD\",\"decimals\":8},{\"symbol\":\"N225\",\"decimals\":0}]}",
                kind.write(out -> ServerMessages.symbols(JsonId.of(3), List.of(new SymbolSpec("AAPL", 2),
                        new SymbolSpec("BTC-USD", 8), new SymbolSpec("N225", 0)), out)));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void pong(Buffers kind) {
        assertEquals("{\"type\":\"pong\",\"id\":4,\"ts\":1763712000130000}",
                kind.write(out -> ServerMessages.pong(JsonId.of(4), 1763712000130000L, out)));
        assertEquals("{\"type\":\"pong\",\"ts\":1763712000130000}",
                kind.write(out -> ServerMessages.pong(null, 1763712000130000L, out)));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void heartbeat(Buffers kind) {
        assertEquals("{\"type\":\"heartbeat\",\"ts\":1763712005000000}",
                kind.write(out -> ServerMessages.heartbeat(1763712005000000L, out)));
        assertEquals(ServerMessages.MAX_HEARTBEAT_JSON_BYTES,
                kind.write(out -> ServerMessages.heartbeat(Long.MIN_VALUE, out)).length());
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void error(Buffers kind) {
        assertEquals("{\"type\":\"error\",\"id\":1,\"code\":\"unknown_symbol\",\"message\":\"unknown symbol: FOO\"}",
                kind.write(out -> ServerMessages.error(JsonId.of(1), ErrorCode.UNKNOWN_SYMBOL, "unknown symbol: FOO", out)));
        assertEquals("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"not JSON\"}",
                kind.write(out -> ServerMessages.error(null, ErrorCode.BAD_REQUEST, "not JSON", out)));
        assertEquals("{\"type\":\"error\",\"code\":\"limit_exceeded\",\"message\":\"too many\"}",
                kind.write(out -> ServerMessages.error(null, ErrorCode.LIMIT_EXCEEDED, "too many", out)));
    }

    @Test
    void freeTextIsEscaped() {
        assertEquals("{\"type\":\"error\",\"code\":\"bad_request\","
                        + "\"message\":\"unknown op: \\\"x\\\\y\\\"\\n\\u0001 é 😀\"}",
                Buffers.DIRECT.write(out -> ServerMessages.error(null, ErrorCode.BAD_REQUEST,
                        "unknown op: \"x\\y\"\n\u0001 é 😀", out)));
        assertEquals("{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"lone \\uD800 surrogate\"}",
                Buffers.DIRECT.write(out -> ServerMessages.error(null, ErrorCode.BAD_REQUEST,
                        "lone \uD800 surrogate", out)), "a lone surrogate has no UTF-8 form: it stays escaped");
        assertEquals("{\"type\":\"subscribed\",\"symbols\":[\"a\\\"b\"],\"epoch\":\"\\t\"}",
                Buffers.HEAP.write(out -> ServerMessages.subscribed(null, List.of("a\"b"), "\t", out)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "-0", "1.50", "1e3", "12345678901234567890123", "\"a\"", "\"\"",
            "\"\\u0041\\n\"", "\"日本\"", "\"😀\""})
    void idsAreEchoedVerbatimInEveryReply(String idJson) {
        JsonId id = JsonId.parse(idJson);
        assertEquals("{\"type\":\"pong\",\"id\":" + idJson + ",\"ts\":5}",
                Buffers.POOLED.write(out -> ServerMessages.pong(id, 5, out)));
        assertEquals("{\"type\":\"subscribed\",\"id\":" + idJson + ",\"symbols\":[\"A\"],\"epoch\":\"e\"}",
                Buffers.DIRECT.write(out -> ServerMessages.subscribed(id, List.of("A"), "e", out)));
        assertEquals("{\"type\":\"unsubscribed\",\"id\":" + idJson + ",\"symbols\":[\"A\"]}",
                Buffers.HEAP.write(out -> ServerMessages.unsubscribed(id, List.of("A"), out)));
        assertEquals("{\"type\":\"symbols\",\"id\":" + idJson + ",\"symbols\":[]}",
                Buffers.HEAP.write(out -> ServerMessages.symbols(id, List.of(), out)));
        assertEquals("{\"type\":\"error\",\"id\":" + idJson + ",\"code\":\"bad_request\",\"message\":\"m\"}",
                Buffers.HEAP.write(out -> ServerMessages.error(id, ErrorCode.BAD_REQUEST, "m", out)));
    }

    @Test
    void aFailedWriteLeavesTheWriterIndexAlone() {
        ByteBuf out = io.netty.buffer.Unpooled.buffer(16, 40);
        try {
            out.writeByte('x');
            assertThrows(RuntimeException.class, () -> ServerMessages.error(null, ErrorCode.BAD_REQUEST,
                    "a message much longer than forty bytes in total", out));
            assertEquals(1, out.writerIndex());
            assertThrows(RuntimeException.class, () -> ServerMessages.pong(JsonId.of("x".repeat(50)), 1, out));
            assertEquals(1, out.writerIndex());
        } finally {
            out.release();
        }
    }
}
