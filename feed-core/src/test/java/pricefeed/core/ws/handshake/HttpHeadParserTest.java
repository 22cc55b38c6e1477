package pricefeed.core.ws.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class HttpHeadParserTest {

    private static final String REQUEST = "GET /stream?symbols=AAPL,MSFT HTTP/1.1\r\n"
            + "Host: localhost:8081\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: keep-alive, Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version:13\r\n"
            + "X-Padded: \t spaced value \t\r\n"
            + "\r\n";

    private ByteBuf buf;

    @AfterEach
    void release() {
        if (buf != null) {
            assertTrue(buf.release());
        }
    }

    private ByteBuf bytes(String s) {
        buf = Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
        return buf;
    }

    @Test
    void parsesWholeRequest() {
        HttpHead head = new HttpHeadParser(8192).parseRequest(bytes(REQUEST + "\u0081\u0080tail"));

        assertEquals("GET", head.method());
        assertEquals("/stream?symbols=AAPL,MSFT", head.target());
        assertEquals("HTTP/1.1", head.version());
        assertEquals(6, head.fields().size());
        assertEquals("localhost:8081", head.header("host"));
        assertEquals("13", head.header("SEC-WEBSOCKET-VERSION"));
        assertEquals("spaced value", head.header("x-padded"));
        assertTrue(head.hasToken("connection", "UPGRADE"));
        assertEquals(6, buf.readableBytes(), "bytes after the head stay in the buffer");
        assertEquals(0x81, buf.readUnsignedByte());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.2", "HTTP/1.9"})
    void aLaterHttp1MinorVersionIsReadAsHttp11(String version) {
        // RFC 9112 §2.3: process it as the highest minor version implemented; RFC 6455 §4.1: 1.1 or higher.
        HttpHead head = new HttpHeadParser(8192).parseRequest(bytes("GET /stream " + version + "\r\nHost: h\r\n\r\n"));
        assertEquals(version, head.version(), "kept as sent");
        assertEquals("h", head.header("host"));
    }

    // So that a plain HTTP/1.0 request to /stream gets 426 like any other (the validator refuses an HTTP/1.0
    // upgrade with 400); a response in HTTP/1.0 cannot be a WebSocket server's and stays refused.
    @Test
    void aRequestMayBeHttp10() {
        HttpHead head = new HttpHeadParser(8192).parseRequest(bytes("GET /stream HTTP/1.0\r\n\r\n"));
        assertEquals("HTTP/1.0", head.version());
        HttpHeadException e = assertThrows(HttpHeadException.class,
                () -> new HttpHeadParser(8192).parseResponse(bytes("HTTP/1.0 101 Switching Protocols\r\n\r\n")));
        assertEquals("unsupported HTTP version HTTP/1.0, only HTTP/1.1", e.getMessage());
    }

    @Test
    void theMethodIsKnownOnceTheRequestLineIsReadEvenIfTheHeadThenFails() {
        HttpHeadParser parser = new HttpHeadParser(64);
        ByteBuf in = bytes("HEA");
        assertNull(parser.parseRequest(in));
        assertNull(parser.method(), "the request line is not complete");
        in.writeCharSequence("D /stream HTTP/1.1\r\nX: " + "a".repeat(80) + "\r\n\r\n", StandardCharsets.ISO_8859_1);
        assertEquals(431, assertThrows(HttpHeadException.class, () -> parser.parseRequest(in)).status());
        assertEquals("HEAD", parser.method());
        buf.release();
        HttpHeadParser responses = new HttpHeadParser(64);
        responses.parseResponse(bytes("HTTP/1.1 101 Switching Protocols\r\n\r\n"));
        assertNull(responses.method());
    }

    @Test
    void parsesByteByByte() {
        HttpHeadParser parser = new HttpHeadParser(8192);
        ByteBuf cumulation = bytes("");
        byte[] raw = REQUEST.getBytes(StandardCharsets.US_ASCII);
        HttpHead head = null;
        for (int i = 0; i < raw.length; i++) {
            assertNull(head, "complete before the last byte");
            cumulation.writeByte(raw[i]);
            head = parser.parseRequest(cumulation);
            assertTrue(cumulation.readableBytes() < 64, "complete lines are consumed at once");
        }
        assertNotNull(head);
        assertEquals("dGhlIHNhbXBsZSBub25jZQ==", head.header("Sec-WebSocket-Key"));
        assertEquals(0, cumulation.readableBytes());
    }

    @Test
    void ignoresEmptyLinesBeforeRequestLine() {
        HttpHead head = new HttpHeadParser(8192).parseRequest(bytes("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals("/", head.path());
    }

    @Test
    void headOfExactlyTheLimitIsAccepted() {
        String head = "GET / HTTP/1.1\r\nX: ";
        String padded = head + "a".repeat(300 - head.length() - 4) + "\r\n\r\n";
        assertEquals(300, padded.length());
        assertNotNull(new HttpHeadParser(300).parseRequest(bytes(padded)));
    }

    @Test
    void oneByteOverTheLimitIs431() {
        String head = "GET / HTTP/1.1\r\nX: ";
        String padded = head + "a".repeat(301 - head.length() - 4) + "\r\n\r\n";
        HttpHeadException e = assertThrows(HttpHeadException.class,
                () -> new HttpHeadParser(300).parseRequest(bytes(padded)));
        assertEquals(431, e.status());
        assertEquals("head larger than 300 bytes", e.getMessage());
    }

    @Test
    void limitIsEnforcedBeforeTheHeadEnds() {
        HttpHeadParser parser = new HttpHeadParser(300);
        ByteBuf in = bytes("GET / HTTP/1.1\r\nX-Long: ");
        assertNull(parser.parseRequest(in));
        in.writeBytes("b".repeat(400).getBytes(StandardCharsets.US_ASCII));
        assertEquals(431, assertThrows(HttpHeadException.class, () -> parser.parseRequest(in)).status());
        assertThrows(HttpHeadException.class, () -> parser.parseRequest(in), "a failed parser stays failed");
    }

    @Test
    void garbageFailsAtTheFirstBadByte() {
        HttpHeadParser parser = new HttpHeadParser(8192);
        HttpHeadException e = assertThrows(HttpHeadException.class,
                () -> parser.parseRequest(bytes("\u0016\u0003\u0001\u0002\u0000")));
        assertEquals(400, e.status());
        assertEquals("control character 0x16 in head", e.getMessage());
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("GET /\r\nHost: h\r\n\r\n", "malformed request line"),
                Arguments.of("GET  / HTTP/1.1\r\n\r\n", "malformed request line"),
                Arguments.of("GET / HTTP/1.1 x\r\n\r\n", "malformed request line"),
                Arguments.of("G(T / HTTP/1.1\r\n\r\n", "malformed request line"),
                Arguments.of("GET stream HTTP/1.1\r\n\r\n", "malformed request target"),
                Arguments.of("GET /stream#x HTTP/1.1\r\n\r\n",
                        "'#' in the request target: a fragment is not sent to the server"),
                Arguments.of("GET /stream?symbols=A%zz HTTP/1.1\r\n\r\n",
                        "'%' not followed by two hex digits in the request target"),
                Arguments.of("GET / HTTP/2.0\r\n\r\n", "unsupported HTTP version HTTP/2.0, only HTTP/1.1"),
                Arguments.of("GET / HTTP/0.9\r\n\r\n", "unsupported HTTP version HTTP/0.9, only HTTP/1.1"),
                Arguments.of("GET / HTTP/1.10\r\n\r\n", "malformed HTTP version"),
                Arguments.of("GET / http/1.1\r\n\r\n", "malformed HTTP version"),
                Arguments.of("GET / HTTP/1.1\r\nHost h\r\n\r\n", "header line without colon"),
                Arguments.of("GET / HTTP/1.1\r\nHost : h\r\n\r\n", "malformed header name"),
                Arguments.of("GET / HTTP/1.1\r\n: h\r\n\r\n", "malformed header name"),
                Arguments.of("GET / HTTP/1.1\r\nX: a\r\n  folded\r\n\r\n", "obsolete line folding in header"),
                Arguments.of("GET / HTTP/1.1\nHost: h\n\n", "bare LF in head"),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\n\r\n", "bare LF in head"),
                Arguments.of("GET / HTTP/1.1\r\nHost: h\rx\r\n\r\n", "bare CR in head"),
                Arguments.of("GET / HTTP/1.1\r\nX: caf\u00e9\r\n\r\n", "non-ASCII byte 0xe9 in head"),
                Arguments.of("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n", "control character 0x0 in head"),
                Arguments.of("GET / HTTP/1.1\r\nX: a\u007fb\r\n\r\n", "control character 0x7f in head"));
    }

    @ParameterizedTest
    @MethodSource("malformedRequests")
    void malformedRequestIs400WholeAndByteByByte(String request, String reason) {
        HttpHeadException whole = assertThrows(HttpHeadException.class,
                () -> new HttpHeadParser(8192).parseRequest(bytes(request)));
        assertEquals(400, whole.status());
        assertEquals(reason, whole.getMessage());

        HttpHeadParser parser = new HttpHeadParser(8192);
        ByteBuf cumulation = Unpooled.buffer();
        try {
            HttpHeadException trickled = assertThrows(HttpHeadException.class, () -> {
                for (byte b : request.getBytes(StandardCharsets.ISO_8859_1)) {
                    cumulation.writeByte(b);
                    assertNull(parser.parseRequest(cumulation));
                }
            });
            assertEquals(reason, trickled.getMessage());
        } finally {
            cumulation.release();
        }
    }

    @Test
    void seventyFiveSmallFieldsUnderTheByteLimitAreFine() {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 75; i++) {
            sb.append("X-").append(i).append(": v\r\n");
        }
        HttpHead head = new HttpHeadParser(8192).parseRequest(bytes(sb.append("\r\n").toString()));
        assertEquals("v", head.header("X-74"));
    }

    @Test
    void tooManyFieldsIs431() {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 5; i++) {
            sb.append("X-").append(i).append(": v\r\n");
        }
        HttpHeadException e = assertThrows(HttpHeadException.class,
                () -> new HttpHeadParser(8192, 4).parseRequest(bytes(sb.append("\r\n").toString())));
        assertEquals(431, e.status());
        assertEquals("more than 4 header fields", e.getMessage());
    }

    @Test
    void parsesResponse() {
        HttpHead head = new HttpHeadParser(8192).parseResponse(bytes(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nX-Note: na\u00efve\r\n\r\n\u0081"));
        assertFalse(head.isRequest());
        assertEquals(101, head.status());
        assertEquals("Switching Protocols", head.reasonPhrase());
        assertEquals("na\u00efve", head.header("x-note"), "obs-text is allowed in responses");
        assertEquals(1, buf.readableBytes());
        assertThrows(IllegalStateException.class, head::method);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 101\r\n\r\n", "HTTP/1.1 101 \r\n\r\n"})
    void responseReasonMayBeEmpty(String response) {
        HttpHead head = new HttpHeadParser(8192).parseResponse(bytes(response));
        assertEquals(101, head.status());
        assertEquals("", head.reasonPhrase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1 10 OK\r\n\r\n", "HTTP/1.1 abc OK\r\n\r\n", "HTTP/1.1 1010 OK\r\n\r\n",
            "HTTP/1.1\r\n\r\n", "ICY 200 OK\r\n\r\n"})
    void malformedStatusLineIsRefused(String response) {
        assertEquals(400, assertThrows(HttpHeadException.class,
                () -> new HttpHeadParser(8192).parseResponse(bytes(response))).status());
    }

    @Test
    void oneParserReadsOneKindOfHead() {
        HttpHeadParser parser = new HttpHeadParser(8192);
        assertNull(parser.parseRequest(bytes("GET / HT")));
        assertThrows(IllegalStateException.class, () -> parser.parseResponse(buf));
    }

    @Test
    void multipleFieldsOfOneNameKeepTheirOrder() {
        HttpHead head = new HttpHeadParser(8192).parseRequest(bytes(
                "GET / HTTP/1.1\r\nConnection: keep-alive\r\nconnection: Upgrade\r\n\r\n"));
        assertEquals(List.of("keep-alive", "Upgrade"), head.headers("Connection"));
        assertEquals("keep-alive", head.header("CONNECTION"));
        assertTrue(head.hasToken("Connection", "upgrade"));
    }
}
