package pricefeed.core.ws.handshake;

import org.junit.jupiter.api.Test;
import pricefeed.core.ws.handshake.HandshakeOutcome.Rejection;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class HttpResponsesTest {

    /** RFC 9110 §5.6.7's example date. */
    private static final Instant RFC_EXAMPLE = Instant.ofEpochSecond(784_111_777L);

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void switchingProtocolsWithoutSubprotocol() {
        assertEquals("HTTP/1.1 101 Switching Protocols\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                        + "\r\n",
                ascii(HttpResponses.switchingProtocols("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", null)));
    }

    @Test
    void switchingProtocolsWithSubprotocol() {
        HandshakeOutcome.Accepted accepted = new HandshakeOutcome.Accepted(
                HttpHead.request("GET", "/stream", "HTTP/1.1", List.of()), "/stream", Map.of(),
                "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "pricefeed.v1.json");
        assertEquals("HTTP/1.1 101 Switching Protocols\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
                        + "Sec-WebSocket-Protocol: pricefeed.v1.json\r\n"
                        + "\r\n",
                ascii(HttpResponses.switchingProtocols(accepted)));
    }

    @Test
    void rejectionWithExtraHeadersInOrder() {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Allow", "GET");
        extra.put("X-Other", "1");
        assertEquals("HTTP/1.1 405 Method Not Allowed\r\n"
                        + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 10\r\n"
                        + "Connection: close\r\n"
                        + "Allow: GET\r\n"
                        + "X-Other: 1\r\n"
                        + "\r\n"
                        + "use caf\u00e9\n",
                ascii(HttpResponses.rejection(new Rejection(405, "use caf\u00e9", extra), "POST", RFC_EXAMPLE)));
    }

    @Test
    void aRejectionSendingUpgradeListsTheUpgradeOptionInConnection() {
        // RFC 9110 §7.8: a 426 sent Upgrade: websocket with Connection: close alone.
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("Upgrade", "websocket");
        extra.put("Sec-WebSocket-Version", "13");
        assertEquals("HTTP/1.1 426 Upgrade Required\r\n"
                        + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 4\r\n"
                        + "Connection: upgrade, close\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + "\r\n"
                        + "use\n",
                ascii(HttpResponses.rejection(new Rejection(426, "use", extra), "GET", RFC_EXAMPLE)));
    }

    // RFC 9110 §9.3.2: no content in an answer to HEAD; the stream listener's 405 to HEAD carried its reason.
    @Test
    void anAnswerToHeadIsTheSameHeadWithoutTheBody() {
        Map<String, String> allow = Map.of("Allow", "GET");
        String toGet = ascii(HttpResponses.rejection(new Rejection(405, "method HEAD not allowed", allow), "GET",
                RFC_EXAMPLE));
        assertEquals("HTTP/1.1 405 Method Not Allowed\r\n"
                        + "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 24\r\n"
                        + "Connection: close\r\n"
                        + "Allow: GET\r\n"
                        + "\r\n",
                ascii(HttpResponses.rejection(new Rejection(405, "method HEAD not allowed", allow), "HEAD",
                        RFC_EXAMPLE)));
        assertTrue(toGet.endsWith("\r\n\r\nmethod HEAD not allowed\n"), toGet);
        // Methods are case-sensitive (RFC 9110 §9.1): "head" is another method, answered with a body.
        assertTrue(ascii(HttpResponses.rejection(Rejection.of(404, "none"), "head", RFC_EXAMPLE)).endsWith("none\n"));
    }

    @Test
    void rejectionOf431() {
        assertEquals("HTTP/1.1 431 Request Header Fields Too Large\r\n"
                        + "Date: Wed, 03 Jun 2026 09:05:07 GMT\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 5\r\n"
                        + "Connection: close\r\n"
                        + "\r\n"
                        + "big!\n",
                ascii(HttpResponses.rejection(Rejection.of(new HttpHeadException(431, "big!")), null,
                        Instant.ofEpochMilli(1_780_477_507_999L))));
    }

    // RFC 9110 §6.6.1: an origin server with a clock dates every 4xx; no rejection had a Date.
    @Test
    void aRejectionIsDatedNow() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String answer = ascii(HttpResponses.rejection(Rejection.of(new HttpHeadException(400, "no")), null));
        Instant after = Instant.now();
        String date = answer.split("\r\n")[1];
        assertTrue(date.matches("Date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"), date);
        Instant sent = DateTimeFormatter.RFC_1123_DATE_TIME.parse(date.substring(6), Instant::from);
        assertFalse(sent.isBefore(before) || sent.isAfter(after), sent + " not in " + before + ".." + after);
    }

    @Test
    void reasonPhrases() {
        assertEquals("Service Unavailable", HttpResponses.reasonPhrase(503));
        assertEquals("Method Not Allowed", HttpResponses.reasonPhrase(405));
        assertEquals("Forbidden", HttpResponses.reasonPhrase(403));
        assertThrows(IllegalArgumentException.class, () -> HttpResponses.reasonPhrase(418));
    }

    @Test
    void headerInjectionIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> HttpResponses.rejection(new Rejection(400, "x", Map.of("X", "a\r\nSet-Cookie: y")), "GET"));
        assertThrows(IllegalArgumentException.class,
                () -> HttpResponses.rejection(new Rejection(400, "x", Map.of("Bad Name", "v")), "GET"));
    }
}
