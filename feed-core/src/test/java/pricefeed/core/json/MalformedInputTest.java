package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Whatever bytes arrive, the parsers answer with a message or their one exception type, never anything else. */
class MalformedInputTest {

    private static final List<String> VALID_CLIENT = List.of(
            "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"id\":1}",
            "{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"from\":{\"AAPL\":1200},\"epoch\":\"e7f3\",\"throttleMs\":250}",
            "{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"],\"id\":\"é😀\"}",
            "{\"op\":\"symbols\",\"id\":3.5}",
            "{\"op\":\"ping\",\"x\":[{\"y\":null},true,-1e5]}");

    private final ClientMessageParser clientParser = new ClientMessageParser(100);
    private final ServerMessageParser serverParser = new ServerMessageParser();

    @Test
    void everyTruncationIsABadRequest() {
        for (String json : VALID_CLIENT) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            for (int length = 0; length < bytes.length; length++) {
                byte[] prefix = Arrays.copyOf(bytes, length);
                for (Buffers kind : List.of(Buffers.HEAP, Buffers.DIRECT)) {
                    ByteBuf buf = kind.of(prefix);
                    try {
                        assertThrows(BadRequest.class, () -> clientParser.parse(buf), json + " cut at " + length);
                    } finally {
                        buf.release();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {33, 1_000, 100_000})
    void deepNestingIsRefusedAtTheParsersLimit(int depth) {
        String json = "{\"op\":\"ping\",\"id\":1,\"x\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
        BadRequest e = assertThrows(BadRequest.class, () -> clientParser.parse(json));
        assertEquals(ParseProblems.OVER_PARSER_LIMITS, e.getMessage());
        assertEquals(JsonId.of(1), e.id());
        assertThrows(MalformedMessage.class, () -> serverParser.parse(json.replace("\"op\":\"ping\"", "\"type\":\"x\"")));
    }

    @Test
    void nestingUpToTheLimitIsFine() {
        int depth = JsonProtocol.MAX_NESTING_DEPTH;
        String json = "{\"op\":\"ping\",\"x\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
        assertEquals(new ClientMessage.Ping(null), clientParser.parse(json));
    }

    /** Every new field name stays in a table all connections share, so long ones must not get that far. */
    @Test
    void fieldNamesAreCappedAtTheLimit() {
        String longest = "x".repeat(JsonProtocol.MAX_FIELD_NAME_LENGTH);
        assertEquals(new ClientMessage.Ping(null), clientParser.parse("{\"op\":\"ping\",\"" + longest + "\":0}"));
        BadRequest e = assertThrows(BadRequest.class,
                () -> clientParser.parse("{\"op\":\"ping\",\"" + longest + "y\":0}"));
        assertEquals(ParseProblems.OVER_PARSER_LIMITS, e.getMessage());
        assertEquals(ParseProblems.OVER_PARSER_LIMITS, assertThrows(BadRequest.class, () -> clientParser.parse(
                "{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"" + longest + "y\":1}}")).getMessage());
    }

    @Test
    void hugeNumbersAreBadRequestsOrEchoedIds() {
        String digits = "9".repeat(1000);
        assertEquals(digits, clientParser.parse("{\"op\":\"ping\",\"id\":" + digits + "}").id().json());
        BadRequest e = assertThrows(BadRequest.class,
                () -> clientParser.parse("{\"op\":\"ping\",\"id\":1" + digits + "}"));
        assertEquals(ParseProblems.OVER_PARSER_LIMITS, e.getMessage());
        assertEquals("from must map symbols to non-negative integers", assertThrows(BadRequest.class,
                () -> clientParser.parse("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"from\":{\"A\":" + digits + "}}"))
                .getMessage());
        assertEquals("throttleMs must be 0 or 10..60000", assertThrows(BadRequest.class,
                () -> clientParser.parse("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"throttleMs\":1e400}"))
                .getMessage());
        assertEquals(new ClientMessage.Ping(null), clientParser.parse("{\"op\":\"ping\",\"n\":-1." + digits.substring(10) + "e-99999}"));
    }

    @Test
    void invalidUtf8IsNotJson() {
        for (byte[] bad : new byte[][]{
                {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xC3, '(', '"', '}'},
                {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xFF, '"', '}'},
                {'{', '"', (byte) 0x80, '"', ':', '1', '}'},
                {'{', '"', 'o', 'p', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'}}) {
            for (Buffers kind : List.of(Buffers.HEAP, Buffers.DIRECT)) {
                ByteBuf buf = kind.of(bad);
                try {
                    assertEquals("not JSON", assertThrows(BadRequest.class, () -> clientParser.parse(buf)).getMessage());
                } finally {
                    buf.release();
                }
            }
        }
    }

    @Test
    void seededMutationsOfValidMessagesNeverThrowAnythingElse() {
        Random random = new Random(6455);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = mutate(VALID_CLIENT.get(i % VALID_CLIENT.size()).getBytes(StandardCharsets.UTF_8), random);
            Buffers kind = i % 2 == 0 ? Buffers.HEAP : Buffers.DIRECT;
            ByteBuf buf = kind.of(bytes);
            try {
                clientParser.parse(buf);
            } catch (BadRequest expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                fail("client parser threw " + e + " on " + Arrays.toString(bytes), e);
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void seededRandomBytesNeverThrowAnythingElse() {
        Random random = new Random(1007);
        byte[] alphabet = "{}[]\":,0123456789.-+eE tnrufals\\op\u00e9".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = random.nextBoolean() ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt();
            }
            try {
                clientParser.parse(bytes);
            } catch (BadRequest expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                fail("client parser threw " + e + " on " + Arrays.toString(bytes), e);
            }
            try {
                serverParser.parse(bytes);
            } catch (MalformedMessage expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                fail("server parser threw " + e + " on " + Arrays.toString(bytes), e);
            }
        }
    }

    @Test
    void seededMutationsOfServerMessagesNeverThrowAnythingElse() {
        List<String> valid = List.of(
                ServerMessages.json(out -> ServerMessages.tick(ServerMessagesTest.AAPL_TICK, out)),
                ServerMessages.json(out -> ServerMessages.symbols(JsonId.of(1),
                        List.of(new pricefeed.core.market.SymbolSpec("A", 2)), out)),
                ServerMessages.json(out -> ServerMessages.error(JsonId.of("x"), ErrorCode.BAD_REQUEST, "m", out)));
        Random random = new Random(1002);
        for (int i = 0; i < 10_000; i++) {
            byte[] bytes = mutate(valid.get(i % valid.size()).getBytes(StandardCharsets.UTF_8), random);
            Buffers kind = i % 2 == 0 ? Buffers.HEAP : Buffers.DIRECT;
            ByteBuf buf = kind.of(bytes);
            try {
                serverParser.parse(buf);
                TickHeader.peek(buf);
            } catch (MalformedMessage expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                fail("server parser threw " + e + " on " + new String(bytes, StandardCharsets.ISO_8859_1), e);
            } finally {
                buf.release();
            }
        }
    }

    /** One to three random edits: flip a byte, drop one, duplicate a run, or insert a structural character. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original;
        for (int edits = 1 + random.nextInt(3); edits > 0 && bytes.length > 0; edits--) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(4)) {
                case 0:
                    bytes = bytes.clone();
                    bytes[at] = (byte) random.nextInt();
                    break;
                case 1:
                    bytes = concat(Arrays.copyOf(bytes, at), Arrays.copyOfRange(bytes, at + 1, bytes.length));
                    break;
                case 2:
                    int end = Math.min(bytes.length, at + 1 + random.nextInt(8));
                    bytes = concat(Arrays.copyOf(bytes, end), Arrays.copyOfRange(bytes, at, bytes.length));
                    break;
                default:
                    byte[] structural = "{}[]\":,-.0e".getBytes(StandardCharsets.US_ASCII);
                    bytes = concat(concat(Arrays.copyOf(bytes, at), new byte[]{structural[random.nextInt(structural.length)]}),
                            Arrays.copyOfRange(bytes, at, bytes.length));
            }
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
