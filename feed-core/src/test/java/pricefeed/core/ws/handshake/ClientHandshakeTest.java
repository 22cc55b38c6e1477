package pricefeed.core.ws.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pricefeed.core.ws.handshake.HandshakeFailure.Kind;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ClientHandshakeTest {

    /** Key bytes 0x01..0x10, so the key is known: base64 "AQIDBAUGBwgJCgsMDQ4PEA==". */
    @SuppressWarnings("serial")
    private static final class CountingRandom extends Random {
        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i + 1);
            }
        }
    }

    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEA==";
    private static final String ACCEPT = AcceptKey.of(KEY);

    private static ClientHandshake handshake(String uri) {
        return new ClientHandshake(URI.create(uri), List.of("pricefeed.v1.json", "x.v0"), "https://app.example",
                new CountingRandom());
    }

    @Test
    void requestBytes() {
        ClientHandshake hs = handshake("ws://127.0.0.1:8081/stream?symbols=AAPL,MSFT");
        assertEquals(KEY, hs.key());
        assertEquals("GET /stream?symbols=AAPL,MSFT HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:8081\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Protocol: pricefeed.v1.json, x.v0\r\n"
                        + "Origin: https://app.example\r\n"
                        + "\r\n",
                new String(hs.request(), StandardCharsets.US_ASCII));
    }

    @Test
    void minimalRequestUsesDefaultPortAndRootPath() {
        ClientHandshake hs = new ClientHandshake(URI.create("ws://feed.example"), List.of(), null, new CountingRandom());
        assertEquals("GET / HTTP/1.1\r\n"
                        + "Host: feed.example:80\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "\r\n",
                new String(hs.request(), StandardCharsets.US_ASCII));
        assertTrue(new String(new ClientHandshake(URI.create("wss://[::1]/x"), List.of(), null, new CountingRandom())
                .request(), StandardCharsets.US_ASCII).contains("Host: [::1]:443\r\n"));
    }

    @Test
    void secureRandomKeysDiffer() {
        URI uri = URI.create("ws://h:1/");
        String a = ClientHandshake.create(uri, List.of()).key();
        String b = ClientHandshake.create(uri, List.of()).key();
        assertTrue(AcceptKey.isValidKey(a));
        assertNotEquals(a, b);
    }

    @Test
    void rejectsUnusableUris() {
        assertThrows(IllegalArgumentException.class, () -> handshake("ftp://h/x"));
        assertThrows(IllegalArgumentException.class, () -> handshake("/relative"));
        assertThrows(IllegalArgumentException.class,
                () -> new ClientHandshake(URI.create("ws://h/"), List.of("bad proto"), null, new Random()));
    }

    private static HttpHead response(int status, String... headers) {
        List<HttpHead.Field> fields = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            fields.add(new HttpHead.Field(headers[i], headers[i + 1]));
        }
        return HttpHead.response("HTTP/1.1", status, status == 101 ? "Switching Protocols" : "Nope", fields);
    }

    @Test
    void acceptsAValidResponse() {
        assertNull(handshake("ws://h:1/").validate(response(101, "Upgrade", "WebSocket",
                "Connection", "upgrade", "Sec-WebSocket-Accept", ACCEPT)));
        assertEquals("x.v0", handshake("ws://h:1/").validate(response(101, "Upgrade", "websocket",
                "Connection", "Upgrade", "Sec-WebSocket-Accept", ACCEPT, "Sec-WebSocket-Protocol", "x.v0")));
    }

    @Test
    void emptyExtensionAndSubprotocolFieldsSelectNothing() {
        assertNull(handshake("ws://h:1/").validate(response(101, "Upgrade", "websocket", "Upgrade", "websocket",
                "Connection", "Upgrade", "Sec-WebSocket-Accept", ACCEPT, "Sec-WebSocket-Extensions", "",
                "Sec-WebSocket-Protocol", " ")));
    }

    static Stream<Arguments> badResponses() {
        return Stream.of(
                Arguments.of(response(426, "Sec-WebSocket-Version", "13"), Kind.UNEXPECTED_STATUS,
                        "expected status 101, got 426 Nope"),
                Arguments.of(response(101, "Connection", "Upgrade", "Sec-WebSocket-Accept", ACCEPT),
                        Kind.MISSING_UPGRADE, "response lacks Upgrade: websocket"),
                Arguments.of(response(101, "Upgrade", "websocket, h2c", "Connection", "Upgrade",
                        "Sec-WebSocket-Accept", ACCEPT),
                        Kind.MISSING_UPGRADE, "response Upgrade [websocket, h2c] is not websocket alone"),
                Arguments.of(response(101, "Upgrade", "h2c", "Upgrade", "WebSocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Accept", ACCEPT),
                        Kind.MISSING_UPGRADE, "response Upgrade [h2c, WebSocket] is not websocket alone"),
                Arguments.of(response(101, "Upgrade", "websocket/13", "Connection", "Upgrade",
                        "Sec-WebSocket-Accept", ACCEPT),
                        Kind.MISSING_UPGRADE, "response Upgrade [websocket/13] is not websocket alone"),
                Arguments.of(response(101, "Upgrade", "websocket", "Sec-WebSocket-Accept", ACCEPT),
                        Kind.MISSING_CONNECTION_UPGRADE, "response Connection header lacks the upgrade token"),
                Arguments.of(response(101, "Upgrade", "websocket", "Connection", "Upgrade"),
                        Kind.ACCEPT_MISMATCH, "Sec-WebSocket-Accept [] does not match the key"),
                Arguments.of(response(101, "Upgrade", "websocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
                        Kind.ACCEPT_MISMATCH, "Sec-WebSocket-Accept [s3pPLMBiTxaQ9kYGzzhZRbK+xOo=] does not match the key"),
                Arguments.of(response(101, "Upgrade", "websocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Accept", ACCEPT, "Sec-WebSocket-Protocol", "chat"),
                        Kind.UNOFFERED_SUBPROTOCOL, "server selected subprotocol [chat] we did not offer"),
                Arguments.of(response(101, "Upgrade", "websocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Accept", ACCEPT, "Sec-WebSocket-Protocol", "x.v0, pricefeed.v1.json"),
                        Kind.UNOFFERED_SUBPROTOCOL,
                        "server selected subprotocol [x.v0, pricefeed.v1.json] we did not offer"),
                Arguments.of(response(101, "Upgrade", "websocket", "Connection", "Upgrade",
                        "Sec-WebSocket-Accept", ACCEPT, "Sec-WebSocket-Extensions", "permessage-deflate"),
                        Kind.UNREQUESTED_EXTENSION, "server selected an extension we did not offer"));
    }

    @ParameterizedTest
    @MethodSource("badResponses")
    void refusesBadResponses(HttpHead response, Kind kind, String reason) {
        HandshakeFailure failure = assertThrows(HandshakeFailure.class, () -> handshake("ws://h:1/").validate(response));
        assertEquals(kind, failure.kind());
        assertEquals(reason, failure.getMessage());
        assertEquals(response.status(), failure.status());
    }
}
