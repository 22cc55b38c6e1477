package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ClientMessageParserTest {

    private final ClientMessageParser parser = new ClientMessageParser(5);

    static Stream<Arguments> validMessages() {
        return Stream.of(
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"id\":1}",
                        ClientMessage.Subscribe.of(JsonId.of(1), List.of("AAPL", "MSFT"))),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}",
                        ClientMessage.Subscribe.of(null, List.of("*"))),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"from\":{\"AAPL\":1200},\"epoch\":\"e7f3\"}",
                        new ClientMessage.Subscribe(null, List.of("AAPL"), Map.of("AAPL", 1200L), "e7f3", 0)),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"throttleMs\":250}",
                        new ClientMessage.Subscribe(null, List.of("*"), Map.of(), null, 250)),
                arguments("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"],\"id\":2}",
                        new ClientMessage.Unsubscribe(JsonId.of(2), List.of("AAPL"))),
                arguments("{\"op\":\"symbols\",\"id\":3}", new ClientMessage.ListSymbols(JsonId.of(3))),
                arguments("{\"op\":\"ping\",\"id\":4}", new ClientMessage.Ping(JsonId.of(4))),
                arguments("{\"op\":\"ping\"}", new ClientMessage.Ping(null)),
                // any field order, whitespace, a UTF-8 byte-order mark
                arguments(" \n{ \"id\" : \"x\" ,\t\"symbols\" : [ \"B\" ] , \"op\" : \"unsubscribe\" }\r\n",
                        new ClientMessage.Unsubscribe(JsonId.of("x"), List.of("B"))),
                arguments("\uFEFF{\"op\":\"ping\"}", new ClientMessage.Ping(null)),
                // throttle bounds
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":0}",
                        new ClientMessage.Subscribe(null, List.of("A"), Map.of(), null, 0)),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":10}",
                        new ClientMessage.Subscribe(null, List.of("A"), Map.of(), null, 10)),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":60000}",
                        new ClientMessage.Subscribe(null, List.of("A"), Map.of(), null, 60000)),
                // JSON has one number type: an integral value in any notation is that integer
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":250.0}",
                        new ClientMessage.Subscribe(null, List.of("A"), Map.of(), null, 250)),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":2.5e2,\"from\":{\"A\":1E2}}",
                        new ClientMessage.Subscribe(null, List.of("A"), Map.of("A", 100L), null, 250)),
                // also with more decimal places or powers of ten than an exact conversion is tried for
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":250.000000000000000000000}",
                        new ClientMessage.Subscribe(null, List.of("A"), Map.of(), null, 250)),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":0e-21,"
                                + "\"from\":{\"A\":2500000000000000000000000e-22}}",
                        new ClientMessage.Subscribe(null, List.of("A"), Map.of("A", 250L), null, 0)),
                // duplicates collapse in first-seen order; the cap counts what was sent
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"B\",\"A\",\"B\",\"C\",\"A\"]}",
                        ClientMessage.Subscribe.of(null, List.of("B", "A", "C"))),
                // from: several, zero, the largest long; epoch without from
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\",\"B\"],\"from\":{\"B\":0,\"A\":9223372036854775807}}",
                        new ClientMessage.Subscribe(null, List.of("A", "B"), orderedFrom(), null, 0)),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"epoch\":\"\"}",
                        new ClientMessage.Subscribe(null, List.of("A"), Map.of(), "", 0)),
                // unknown fields of any shape are ignored, also ops' fields that do not belong to the op
                arguments("{\"op\":\"ping\",\"v\":2,\"extra\":{\"a\":[1,{\"b\":null}]},\"flag\":true}",
                        new ClientMessage.Ping(null)),
                arguments("{\"op\":\"symbols\",\"symbols\":[\"A\"],\"throttleMs\":20}",
                        new ClientMessage.ListSymbols(null)),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"日本\",\"a\\\"b\"]}",
                        ClientMessage.Subscribe.of(null, List.of("日本", "a\"b"))));
    }

    private static Map<String, Long> orderedFrom() {
        Map<String, Long> from = new LinkedHashMap<>();
        from.put("B", 0L);
        from.put("A", Long.MAX_VALUE);
        return from;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validMessages")
    void parsesValidMessages(String json, ClientMessage expected) {
        ClientMessage parsed = parser.parse(json);
        assertEquals(expected, parsed);
        for (Buffers kind : Buffers.values()) {
            ByteBuf buf = kind.of(json);
            try {
                assertEquals(expected, parser.parse(buf), kind.name());
                assertEquals(0, buf.readerIndex(), "the reader index stays put");
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void fromKeepsTheClientsOrder() {
        ClientMessage.Subscribe s = (ClientMessage.Subscribe) parser.parse(
                "{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"C\":1,\"A\":2,\"B\":3}}");
        assertEquals(List.of("C", "A", "B"), List.copyOf(s.from().keySet()));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                // not JSON at all, or not one object
                arguments("", null, "not JSON"),
                arguments("   ", null, "not JSON"),
                arguments("hello", null, "not JSON"),
                arguments("{\"op\":\"ping\"", null, "not JSON"),
                arguments("{\"op\":\"ping\",}", null, "not JSON"),
                arguments("{'op':'ping'}", null, "not JSON"),
                arguments("{\"op\":\"ping\"} {}", null, "not JSON"),
                arguments("{\"op\":\"ping\"} x", null, "not JSON"),
                arguments("{\"id\":7,\"op\":\"ping\",\"n\":01}", "7", "not JSON"),
                arguments("{\"id\":7,\"op\":\"ping\",\"n\":NaN}", "7", "not JSON"),
                arguments("{\"id\":7,\"op\":\"ping\"/*c*/}", "7", "not JSON"),
                // a number followed at once by garbage is no id: echoing "0" would name a request never sent
                arguments("{\"op\":\"ping\",\"id\":0x10}", null, "not JSON"),
                arguments("{\"id\":12abc,\"op\":\"ping\"}", null, "not JSON"),
                arguments("[{\"op\":\"ping\"}]", null, "message must be a JSON object"),
                arguments("\"ping\"", null, "message must be a JSON object"),
                arguments("null", null, "message must be a JSON object"),
                // op
                arguments("{}", null, "missing field: op"),
                arguments("{\"id\":1}", "1", "missing field: op"),
                arguments("{\"op\":\"foo\",\"id\":1}", "1", "unknown op: foo"),
                arguments("{\"op\":\"PING\"}", null, "unknown op: PING"),
                arguments("{\"op\":\"" + "x".repeat(40) + "\"}", null, "unknown op: " + "x".repeat(32) + "..."),
                arguments("{\"op\":1,\"id\":\"a\"}", "\"a\"", "op must be a string"),
                arguments("{\"op\":null}", null, "op must be a string"),
                arguments("{\"op\":\"foo\",\"symbols\":5}", null, "unknown op: foo"),
                // id
                arguments("{\"op\":\"ping\",\"id\":null}", null, "id must be a string or a number"),
                arguments("{\"op\":\"ping\",\"id\":true}", null, "id must be a string or a number"),
                arguments("{\"op\":\"ping\",\"id\":{\"a\":1}}", null, "id must be a string or a number"),
                arguments("{\"op\":\"ping\",\"id\":[1]}", null, "id must be a string or a number"),
                // symbols
                arguments("{\"op\":\"subscribe\",\"id\":1}", "1", "missing field: symbols"),
                arguments("{\"op\":\"unsubscribe\"}", null, "missing field: symbols"),
                arguments("{\"op\":\"subscribe\",\"symbols\":\"AAPL\"}", null, "symbols must be an array of strings"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\",1],\"id\":2}", "2", "symbols must be an array of strings"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[null]}", null, "symbols must be an array of strings"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[[\"A\"]]}", null, "symbols must be an array of strings"),
                arguments("{\"op\":\"subscribe\",\"symbols\":null}", null, "symbols must be an array of strings"),
                arguments("{\"op\":\"unsubscribe\",\"symbols\":[]}", null, "symbols must not be empty"),
                // from
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":[1]}", null,
                        "from must map symbols to non-negative integers"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":-1}}", null,
                        "from must map symbols to non-negative integers"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":1.5}}", null,
                        "from must map symbols to non-negative integers"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":1e-999999999}}", null,
                        "from must map symbols to non-negative integers"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":1e30}}", null,
                        "from must map symbols to non-negative integers"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":\"1\"}}", null,
                        "from must map symbols to non-negative integers"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":9223372036854775808}}", null,
                        "from must map symbols to non-negative integers"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":1,\"A\":2}}", null,
                        "from names a symbol twice: A"),
                // epoch
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"epoch\":7}", null, "epoch must be a string"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"epoch\":null}", null, "epoch must be a string"),
                // throttleMs
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":9}", null, "throttleMs must be 0 or 10..60000"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":60001}", null, "throttleMs must be 0 or 10..60000"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":-10}", null, "throttleMs must be 0 or 10..60000"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":250.5}", null, "throttleMs must be 0 or 10..60000"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":\"250\"}", null, "throttleMs must be 0 or 10..60000"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":1e999}", null, "throttleMs must be 0 or 10..60000"),
                // exponents no BigDecimal holds
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":1e2147483648}", null, "throttleMs must be 0 or 10..60000"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":1e-2147483649}", null, "throttleMs must be 0 or 10..60000"),
                arguments("{\"op\":\"ping\",\"throttleMs\":1E+2147483648,\"id\":3}", "3", "throttleMs must be 0 or 10..60000"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":1e99999999999999999999}}", null,
                        "from must map symbols to non-negative integers"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":1.0e-2147483648}}", null,
                        "from must map symbols to non-negative integers"),
                arguments("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":99999999999999999999999}", null,
                        "throttleMs must be 0 or 10..60000"),
                // a known field is checked whatever the op
                arguments("{\"op\":\"ping\",\"throttleMs\":5,\"id\":8}", "8", "throttleMs must be 0 or 10..60000"),
                // duplicates of a known field; the first problem wins
                arguments("{\"op\":\"ping\",\"op\":\"subscribe\"}", null, "duplicate field: op"),
                arguments("{\"op\":\"ping\",\"id\":1,\"id\":2}", "1", "duplicate field: id"),
                arguments("{\"op\":\"subscribe\",\"epoch\":1,\"symbols\":5}", null, "epoch must be a string"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badRequests")
    void badRequestsNameTheProblemAndCarryTheId(String json, String idJson, String message) {
        for (Buffers kind : Buffers.values()) {
            ByteBuf buf = kind.of(json);
            try {
                BadRequest e = assertThrows(BadRequest.class, () -> parser.parse(buf), kind.name());
                assertEquals(ErrorCode.BAD_REQUEST, e.code());
                assertEquals(message, e.getMessage());
                assertEquals(idJson == null ? null : JsonId.parse(idJson), e.id());
            } finally {
                buf.release();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-0", "1.50", "1e3", "-12.5E-3", "123456789012345678901234567890",
            "\"a\"", "\"\"", "\"a\\u0041\\n\\\"\"", "\"日本語\"", "\"😀\"", "\"\\ud83d\\ude00\""})
    void idIsKeptAsTheClientWroteIt(String idJson) {
        String json = "{\"op\":\"ping\",\"id\":" + idJson + "}";
        for (Buffers kind : Buffers.values()) {
            ByteBuf buf = kind.of(json);
            try {
                JsonId id = parser.parse(buf).id();
                assertEquals(idJson, id.json(), kind.name());
                assertEquals(idJson.startsWith("\""), id.isString());
                assertEquals(idJson.getBytes(StandardCharsets.UTF_8).length, id.byteLength());
            } finally {
                buf.release();
            }
        }
        BadRequest e = assertThrows(BadRequest.class, () -> parser.parse("{\"op\":\"nope\",\"id\":" + idJson + "}"));
        assertEquals(idJson, e.id().json());
    }

    @Test
    void anIdAcrossTheParsersInputChunksIsStillCapturedWhole() {
        // Jackson reads a stream (the direct-buffer path) in chunks of a few KiB; put the id across such edges.
        String id = "\"" + "日本語 é 😀 \\u0041 ".repeat(40) + "\"";
        for (int pad = 7_900; pad < 8_300; pad += 37) {
            String json = "{\"op\":\"ping\",\"pad\":\"" + "x".repeat(pad) + "\",\"id\":" + id + "}";
            for (Buffers kind : Buffers.values()) {
                ByteBuf buf = kind.of(json);
                try {
                    assertEquals(id, parser.parse(buf).id().json(), kind.name() + " pad " + pad);
                } finally {
                    buf.release();
                }
            }
        }
    }

    @Test
    void tooManySymbolsIsLimitExceededWithTheId() {
        LimitExceeded e = assertThrows(LimitExceeded.class, () -> parser.parse(
                "{\"op\":\"subscribe\",\"symbols\":[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\"],\"id\":9}"));
        assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
        assertEquals("too many symbols: at most 5", e.getMessage());
        assertEquals(JsonId.of(9), e.id());
    }

    @Test
    void theCapCountsSymbolsAsSentEvenDuplicates() {
        assertThrows(LimitExceeded.class, () -> parser.parse(
                "{\"op\":\"unsubscribe\",\"symbols\":[\"A\",\"A\",\"A\",\"A\",\"A\",\"A\"]}"));
        assertEquals(List.of("A"), ((ClientMessage.Unsubscribe) parser.parse(
                "{\"op\":\"unsubscribe\",\"symbols\":[\"A\",\"A\",\"A\",\"A\",\"A\"]}")).symbols());
    }

    @Test
    void tooManyFromEntriesIsLimitExceeded() {
        LimitExceeded e = assertThrows(LimitExceeded.class, () -> parser.parse(
                "{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"from\":{\"A\":1,\"B\":1,\"C\":1,\"D\":1,\"E\":1,\"F\":1}}"));
        assertEquals("too many symbols in from: at most 5", e.getMessage());
    }

    @Test
    void aHugeSymbolListIsRejectedWhileReadingAndStillEchoesTheId() {
        ClientMessageParser defaults = new ClientMessageParser();
        assertEquals(JsonProtocol.DEFAULT_MAX_SYMBOLS, defaults.maxSymbols());
        StringBuilder json = new StringBuilder("{\"op\":\"subscribe\",\"symbols\":[");
        for (int i = 0; i < 50_000; i++) {
            json.append(i == 0 ? "" : ",").append("\"S").append(i).append('"');
        }
        json.append("],\"id\":\"big\"}");
        LimitExceeded e = assertThrows(LimitExceeded.class, () -> defaults.parse(json.toString()));
        assertEquals("too many symbols: at most 10000", e.getMessage());
        assertEquals(JsonId.of("big"), e.id());
        assertEquals(10_000, ((ClientMessage.Subscribe) defaults.parse(
                json.toString().replaceAll(",\"S[0-9]{5}\"", "").replaceAll(",\"S1[0-9]{4}\"|,\"S[2-9][0-9]{4}\"", "")))
                .symbols().size());
    }

    @Test
    void limitExceededIsABadRequestWithItsOwnCode() {
        BadRequest e = assertThrows(BadRequest.class, () -> new ClientMessageParser(1).parse(
                "{\"op\":\"subscribe\",\"symbols\":[\"A\",\"B\"]}"));
        assertInstanceOf(LimitExceeded.class, e);
        assertEquals(ErrorCode.LIMIT_EXCEEDED, e.code());
    }

    @Test
    void theCapMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ClientMessageParser(0));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void parsesOnlyTheReadableBytes(Buffers kind) {
        ByteBuf buf = kind.of("garbage{\"op\":\"ping\",\"id\":\"k\"}");
        try {
            buf.readerIndex("garbage".length());
            assertEquals(new ClientMessage.Ping(JsonId.of("k")), parser.parse(buf));
            assertEquals("garbage".length(), buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @Test
    void bytesThatCannotStartUtf8JsonAreNotJson() {
        for (byte[] bytes : new byte[][]{
                {0, 0, 0, '{', 0, 0, 0, '}'},      // what Jackson would take for UTF-32BE "{}"
                {'{', 0, '}', 0},                 // ...for UTF-16LE "{}"
                {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'},
                {(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0}}) {
            BadRequest e = assertThrows(BadRequest.class, () -> parser.parse(bytes));
            assertEquals("not JSON", e.getMessage());
            assertNull(e.id());
        }
    }
}
