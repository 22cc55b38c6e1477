package pricefeed.core.ws.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static pricefeed.core.ws.testing.RawFrames.concat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.testing.Damage;

/**
 * Seeded random damage to a valid upgrade request and a valid 101 response, biased towards the bytes HTTP
 * gives meaning to. Whatever arrives, a request ends in a 101 or in one of PROTOCOL.md's statuses with a
 * one-line reason, and a response opens the connection or fails one named check; never any other exception,
 * and the same way, at the same byte, however the head is split into reads. A failing case names its seed.
 */
class HandshakeMutationTest {

    private static final int CASES = 6000;
    private static final String REQUEST = "GET /stream?symbols=AAPL,MSFT HTTP/1.1\r\n"
            + "Host: 127.0.0.1:8081\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: keep-alive, Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Protocol: pricefeed.v1.json\r\n"
            + "Origin: http://127.0.0.1:8080\r\n"
            + "\r\n";
    /** An empty masked text frame after the head: what a client may send before it reads the 101. */
    private static final byte[] AFTER_HEAD = {(byte) 0x81, (byte) 0x80, 1, 2, 3, 4};
    /** Room for the request and a little more, so that inserted and repeated bytes can exceed it. */
    private static final int MAX_HEAD_BYTES = REQUEST.length() + 24;
    private static final byte[] HTTP_BYTES =
            " :\r\n\t,;=?%/#.-\"\u0000\u007f0123456789".getBytes(StandardCharsets.ISO_8859_1);

    private final UpgradeValidator validator = new UpgradeValidator(List.of("/stream"),
            List.of("http://127.0.0.1:8080"), List.of("pricefeed.v1.json"));

    private final ClientHandshake client = new ClientHandshake(URI.create("ws://127.0.0.1:8081/stream"),
            List.of("pricefeed.v1.json"), null, new Random(6455));

    /** How a head ended: a status or failure, its detail (the accepted path, query and key), and where. */
    private record Outcome(String verdict, String detail, int headEndsAt) {
    }

    /** Reads one head from bytes arriving in reads of the given sizes. */
    @FunctionalInterface
    private interface Reader {
        Outcome read(byte[] bytes, int[] reads, int seed);
    }

    @Test
    void damagedRequestsGetAStatusAndTheSameOneHoweverTheyAreRead() {
        byte[] valid = concat(REQUEST.getBytes(StandardCharsets.US_ASCII), AFTER_HEAD);
        assertEquals(new Outcome("101", "/stream {symbols=AAPL,MSFT} s3pPLMBiTxaQ9kYGzzhZRbK+xOo= pricefeed.v1.json",
                REQUEST.length()), answer(valid, new int[] {valid.length}, -1));
        // The damage reaches every answer a request can get, so the checks are not all on one path. Incomplete:
        // the end of the head was damaged, and the server waits for it until the handshake timeout.
        assertEquals(Set.of("101", "400", "403", "404", "405", "426", "431", "incomplete"),
                damagedReadsAgree(valid, this::answer));
    }

    @Test
    void damagedResponsesFailWithTheirCheckAndTheSameOneHoweverTheyAreRead() {
        String response = "HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + client.expectedAccept() + "\r\n"
                + "Sec-WebSocket-Protocol: pricefeed.v1.json\r\n"
                + "\r\n";
        byte[] valid = concat(response.getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x81, 2, 'o', 'k'});
        assertEquals(new Outcome("101", "pricefeed.v1.json", response.length()),
                opened(valid, new int[] {valid.length}, -1));
        // A response may carry bytes above 0x7F, so a damaged end of head can leave the frame read as a field
        // and the head incomplete: the client then waits for the rest until its handshake timeout.
        assertEquals(Set.of("101", "MALFORMED_RESPONSE", "UNEXPECTED_STATUS", "MISSING_UPGRADE",
                "MISSING_CONNECTION_UPGRADE", "ACCEPT_MISMATCH", "UNOFFERED_SUBPROTOCOL", "incomplete"),
                damagedReadsAgree(valid, this::opened));
    }

    /** @return the verdicts the damaged heads got, once each was read whole and in random pieces alike */
    private static Set<String> damagedReadsAgree(byte[] valid, Reader reader) {
        Map<String, Integer> verdicts = new TreeMap<>();
        for (int seed = 0; seed < CASES; seed++) {
            Random random = new Random(seed);
            byte[] damaged = Damage.of(valid, random, HandshakeMutationTest::someByte);
            Outcome whole = reader.read(damaged, new int[] {damaged.length}, seed);
            Outcome split = reader.read(damaged, Damage.readSizes(random, 40), seed);
            assertEquals(whole, split, "seed " + seed + ": the same bytes read in pieces");
            verdicts.merge(whole.verdict(), 1, Integer::sum);
        }
        return verdicts.keySet();
    }

    /** The server role: parse and validate a request. */
    private Outcome answer(byte[] bytes, int[] reads, int seed) {
        try {
            return head(bytes, reads, seed, true, (head, endsAt) -> rejection(validator.validate(head), endsAt, seed));
        } catch (HttpHeadException e) {
            return rejection(HandshakeOutcome.Rejection.of(e), -1, seed);
        }
    }

    /** The client role: parse and check a response. */
    private Outcome opened(byte[] bytes, int[] reads, int seed) {
        try {
            return head(bytes, reads, seed, false, (head, endsAt) -> new Outcome("101", client.validate(head), endsAt));
        } catch (HttpHeadException e) {
            assertTrue(e.status() == 400 || e.status() == 431, "seed " + seed + ": " + e);
            return new Outcome(HandshakeFailure.Kind.MALFORMED_RESPONSE.name(), e.getMessage(), -1);
        } catch (HandshakeFailure e) {
            return new Outcome(e.kind().name(), e.getMessage(), -1);
        }
    }

    /**
     * @return what {@code judge} made of the head, or "incomplete"; any exception but the two a head may
     *         fail with fails the test
     */
    private static Outcome head(byte[] bytes, int[] reads, int seed, boolean request,
                                BiFunction<HttpHead, Integer, Outcome> judge) {
        HttpHeadParser parser = new HttpHeadParser(MAX_HEAD_BYTES);
        ByteBuf in = Unpooled.buffer();
        try {
            int from = 0;
            for (int i = 0; from < bytes.length; i++) {
                int n = Math.min(reads[i % reads.length], bytes.length - from);
                in.writeBytes(bytes, from, n);
                from += n;
                HttpHead head = request ? parser.parseRequest(in) : parser.parseResponse(in);
                if (head != null) {
                    return judge.apply(head, from - in.readableBytes());
                }
            }
            return new Outcome("incomplete", "", -1);
        } catch (HttpHeadException | HandshakeFailure e) {
            throw e;
        } catch (RuntimeException e) {
            return fail("seed " + seed + ": not an HTTP answer", e);
        } finally {
            in.release();
        }
    }

    private static Outcome rejection(HandshakeOutcome answer, int headEndsAt, int seed) {
        if (answer instanceof HandshakeOutcome.Accepted a) {
            return new Outcome("101", a.path() + " " + a.query() + " " + a.acceptKey() + " " + a.subprotocol(),
                    headEndsAt);
        }
        HandshakeOutcome.Rejection r = (HandshakeOutcome.Rejection) answer;
        // A tab is the one control character a field value may hold (RFC 9110 §5.5), and reasons quote values.
        assertTrue(!r.reason().isEmpty() && r.reason().chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f),
                "seed " + seed + ": the reason is one printable line: " + r.reason());
        return new Outcome(String.valueOf(r.status()), r.reason(), headEndsAt);
    }

    /** Half the damaging bytes are ones HTTP gives meaning to. */
    private static int someByte(Random random) {
        return random.nextBoolean() ? HTTP_BYTES[random.nextInt(HTTP_BYTES.length)] : random.nextInt(256);
    }
}
