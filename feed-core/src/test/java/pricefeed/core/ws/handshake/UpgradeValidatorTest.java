package pricefeed.core.ws.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.ws.handshake.HandshakeOutcome.Accepted;
import pricefeed.core.ws.handshake.HandshakeOutcome.Rejection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class UpgradeValidatorTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final UpgradeValidator validator = new UpgradeValidator(List.of("/stream", "/echo"),
            List.of("https://Good.example"), List.of("pricefeed.v1.json", "other.v2"));

    /** A valid request; each entry of {@code changes} replaces (value) or removes (null) a header. */
    private static HttpHead request(String method, String target, Map<String, String> changes) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "localhost:8081");
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", KEY);
        headers.put("Sec-WebSocket-Version", "13");
        changes.forEach((k, v) -> {
            if (v == null) {
                headers.remove(k);
            } else {
                headers.put(k, v);
            }
        });
        List<HttpHead.Field> fields = new ArrayList<>();
        headers.forEach((k, v) -> fields.add(new HttpHead.Field(k, v)));
        return HttpHead.request(method, target, "HTTP/1.1", fields);
    }

    private static Map<String, String> change(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static Stream<Arguments> rejections() {
        Map<String, String> none = Map.of();
        return Stream.of(
                Arguments.of("POST", "/stream", none, 405, "method POST not allowed, use GET", Map.of("Allow", "GET")),
                Arguments.of("HEAD", "/stream", change("Upgrade", null), 405, "method HEAD not allowed, use GET",
                        Map.of("Allow", "GET")),
                Arguments.of("GET", "/nope", none, 404, "no WebSocket endpoint at /nope", none),
                // A path that is not there is 404 whatever the method: PROTOCOL.md §1 answers "404 elsewhere".
                Arguments.of("POST", "/nope", none, 404, "no WebSocket endpoint at /nope", none),
                Arguments.of("HEAD", "/nope", change("Upgrade", null), 404, "no WebSocket endpoint at /nope", none),
                Arguments.of("GET", "/nope", change("Upgrade", null), 404, "no WebSocket endpoint at /nope", none),
                Arguments.of("GET", "/stream", change("Upgrade", null, "Connection", null), 426,
                        "this endpoint only speaks WebSocket: send Upgrade: websocket",
                        Map.of("Upgrade", "websocket", "Sec-WebSocket-Version", "13")),
                Arguments.of("GET", "/stream", change("Upgrade", "h2c"), 426,
                        "this endpoint only speaks WebSocket: send Upgrade: websocket",
                        Map.of("Upgrade", "websocket", "Sec-WebSocket-Version", "13")),
                Arguments.of("GET", "/stream", change("Connection", "keep-alive"), 400,
                        "Connection header must contain the upgrade token", none),
                Arguments.of("GET", "/stream", change("Connection", null), 400,
                        "Connection header must contain the upgrade token", none),
                Arguments.of("GET", "/stream", change("Host", null), 400, "missing Host header", none),
                Arguments.of("GET", "/stream", change("Host", "a b"), 400, "Host header is not a host[:port]: a b", none),
                Arguments.of("GET", "/stream", change("Host", "user@h"), 400,
                        "Host header is not a host[:port]: user@h", none),
                Arguments.of("GET", "/stream", change("Host", "h:80x"), 400, "Host header is not a host[:port]: h:80x",
                        none),
                Arguments.of("GET", "/stream", change("Host", "h/x"), 400, "Host header is not a host[:port]: h/x", none),
                Arguments.of("GET", "/stream", change("Content-Length", "3"), 400, "a WebSocket handshake has no body",
                        none),
                Arguments.of("GET", "/stream", change("Content-Length", "0, 1"), 400, "a WebSocket handshake has no body",
                        none),
                Arguments.of("GET", "/stream", change("Transfer-Encoding", "chunked"), 400,
                        "a WebSocket handshake has no body", none),
                // RFC 9110 §15.5.22: every 426 carries Upgrade; the version 426 had only Sec-WebSocket-Version.
                Arguments.of("GET", "/stream", change("Sec-WebSocket-Version", "8"), 426,
                        "Sec-WebSocket-Version unsupported (8), only 13 is supported",
                        Map.of("Upgrade", "websocket", "Sec-WebSocket-Version", "13")),
                Arguments.of("GET", "/stream", change("Sec-WebSocket-Version", null), 426,
                        "Sec-WebSocket-Version missing, only 13 is supported",
                        Map.of("Upgrade", "websocket", "Sec-WebSocket-Version", "13")),
                Arguments.of("GET", "/stream", change("Sec-WebSocket-Key", null), 400, "missing Sec-WebSocket-Key", none),
                Arguments.of("GET", "/stream", change("Sec-WebSocket-Key", "c2hvcnQ="), 400,
                        "Sec-WebSocket-Key must be base64 of 16 bytes", none),
                Arguments.of("GET", "/stream", change("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ"), 400,
                        "Sec-WebSocket-Key must be base64 of 16 bytes", none),
                Arguments.of("GET", "/stream", change("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ!="), 400,
                        "Sec-WebSocket-Key must be base64 of 16 bytes", none),
                Arguments.of("GET", "/stream", change("Origin", "https://evil.example"), 403,
                        "origin https://evil.example not allowed", none),
                // Moved here from ServerConfigTest, whose copy of this check had no production caller.
                Arguments.of("GET", "/stream", change("Origin", "https://good.example:443"), 403,
                        "origin https://good.example:443 not allowed", none),
                Arguments.of("GET", "/stream", change("Origin", "null"), 403, "origin null not allowed", none));
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void rejects(String method, String target, Map<String, String> changes, int status, String reason,
                 Map<String, String> headers) {
        HandshakeOutcome outcome = validator.validate(request(method, target, changes));
        Rejection rejection = assertInstanceOf(Rejection.class, outcome);
        assertEquals(status, rejection.status());
        assertEquals(reason, rejection.reason());
        assertEquals(headers, rejection.extraHeaders());
    }

    /** PROTOCOL.md §1: a plain request to the stream path is answered 426 whatever its HTTP version. */
    @Test
    void http10IsAnswered426WhenPlainAnd400WhenItAsksToUpgrade() {
        List<HttpHead.Field> plain = List.of(new HttpHead.Field("Accept", "*/*"));
        Rejection toPlain = assertInstanceOf(Rejection.class,
                validator.validate(HttpHead.request("GET", "/stream", "HTTP/1.0", plain)));
        assertEquals(426, toPlain.status());
        assertEquals(Rejection.of(404, "no WebSocket endpoint at /x"),
                validator.validate(HttpHead.request("GET", "/x", "HTTP/1.0", plain)));
        HttpHead upgrade = request("GET", "/stream", Map.of());
        assertEquals(Rejection.of(400, "a WebSocket handshake needs HTTP/1.1, not HTTP/1.0"),
                validator.validate(HttpHead.request("GET", "/stream", "HTTP/1.0", upgrade.fields())));
    }

    @Test
    void duplicateHeadersAreRejected() {
        HttpHead twoKeys = HttpHead.request("GET", "/stream", "HTTP/1.1", List.of(
                new HttpHead.Field("Host", "h"), new HttpHead.Field("Upgrade", "websocket"),
                new HttpHead.Field("Connection", "Upgrade"), new HttpHead.Field("Sec-WebSocket-Version", "13"),
                new HttpHead.Field("Sec-WebSocket-Key", KEY), new HttpHead.Field("Sec-WebSocket-Key", KEY)));
        assertEquals(Rejection.of(400, "more than one Sec-WebSocket-Key"), validator.validate(twoKeys));

        HttpHead twoHosts = HttpHead.request("GET", "/stream", "HTTP/1.1", List.of(
                new HttpHead.Field("Host", "h"), new HttpHead.Field("Host", "i"),
                new HttpHead.Field("Upgrade", "websocket"), new HttpHead.Field("Connection", "Upgrade")));
        assertEquals(Rejection.of(400, "more than one Host header"), validator.validate(twoHosts));

        HttpHead twoVersions = HttpHead.request("GET", "/stream", "HTTP/1.1", List.of(
                new HttpHead.Field("Host", "h"), new HttpHead.Field("Upgrade", "websocket"),
                new HttpHead.Field("Connection", "Upgrade"), new HttpHead.Field("Sec-WebSocket-Version", "13"),
                new HttpHead.Field("Sec-WebSocket-Version", "13"), new HttpHead.Field("Sec-WebSocket-Key", KEY)));
        assertEquals(Rejection.of(400, "more than one Sec-WebSocket-Version"), validator.validate(twoVersions));
    }

    @Test
    void acceptsWithCaseInsensitiveTokensInLists() {
        HttpHead head = request("GET", "/stream?symbols=AAPL,MSFT", change(
                "Upgrade", "WebSocket", "Connection", "keep-alive, UPGRADE", "Origin", "https://good.EXAMPLE"));
        Accepted accepted = assertInstanceOf(Accepted.class, validator.validate(head));
        assertEquals("/stream", accepted.path());
        assertEquals(Map.of("symbols", "AAPL,MSFT"), accepted.query());
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", accepted.acceptKey());
        assertNull(accepted.subprotocol());
        assertSame(head, accepted.head());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:8081", "127.0.0.1", "[::1]:8081", "[v1.fe80::a+en1]", "xn--bcher-kva.example",
            "h:", "", "a%20b", "[fe80::1%eth0]:8081", "[fe80::1%25eth0]"})
    void acceptsEveryHostFieldValueRfc9112Allows(String host) {
        assertInstanceOf(Accepted.class, validator.validate(request("GET", "/stream", change("Host", host))), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "00", "0, 0"})
    void acceptsAnEmptyBodyAnnouncedAsSuch(String length) {
        assertInstanceOf(Accepted.class, validator.validate(request("GET", "/stream", change("Content-Length", length))),
                length);
    }

    @Test
    void selectsOurMostPreferredOfferedSubprotocol() {
        Accepted both = assertInstanceOf(Accepted.class, validator.validate(request("GET", "/echo",
                change("Sec-WebSocket-Protocol", "other.v2, pricefeed.v1.json"))));
        assertEquals("pricefeed.v1.json", both.subprotocol());

        Accepted other = assertInstanceOf(Accepted.class, validator.validate(request("GET", "/echo",
                change("Sec-WebSocket-Protocol", "x, other.v2"))));
        assertEquals("other.v2", other.subprotocol());
    }

    @Test
    void offeringOnlyUnknownSubprotocolsIsAcceptedWithoutSelection() {
        Accepted accepted = assertInstanceOf(Accepted.class, validator.validate(request("GET", "/echo",
                change("Sec-WebSocket-Protocol", "chat, PRICEFEED.V1.JSON"))));
        assertNull(accepted.subprotocol(), "subprotocol names are case-sensitive");
    }

    @Test
    void emptyOriginListAllowsEveryOrigin() {
        UpgradeValidator open = UpgradeValidator.forPaths(List.of("/stream"));
        HandshakeOutcome outcome = open.validate(request("GET", "/stream",
                change("Origin", "https://anything.example", "Sec-WebSocket-Protocol", "pricefeed.v1.json")));
        assertEquals("pricefeed.v1.json", assertInstanceOf(Accepted.class, outcome).subprotocol());
    }

    @Test
    void longValuesAreCutInReasons() {
        Rejection r = assertInstanceOf(Rejection.class, validator.validate(request("GET", "/" + "x".repeat(200), Map.of())));
        assertEquals("no WebSocket endpoint at /" + "x".repeat(63) + "...", r.reason());
    }

    @Test
    void rejectionReasonMustBeOneLine() {
        assertThrows(IllegalArgumentException.class, () -> Rejection.of(400, "two\nlines"));
        assertThrows(IllegalArgumentException.class, () -> Rejection.of(200, "ok"));
        assertEquals(503, Rejection.overCapacity().status());
    }
}
