package pricefeed.server.web;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.server.testing.RawClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every response says {@code nosniff} and is dated, and the answers Reactor Netty's HTTP codec writes on its own
 * to a head it cannot decode have the JSON error shape like every other refusal: exact bytes, then the
 * connection closes.
 */
class EveryResponseTest {

    /** The {@code Date} of every answer of a {@link WebFixture} whose clock has not been advanced. */
    static final String DATE = "Thu, 01 Jan 1970 00:00:00 GMT";

    private final WebFixture web = new WebFixture();

    @AfterEach
    void tearDown() {
        web.close();
    }

    @Test
    void aMalformedRequestLineIs400WithTheErrorShape() throws Exception {
        assertEquals(refusal("400 Bad Request", "{\"error\":\"bad_request\",\"message\":\"malformed request head\"}"),
                answerTo(web, "GARBAGE\r\n\r\n"));
    }

    @Test
    void aRequestLineOverItsLimitIs414() throws Exception {
        String target = "/" + "a".repeat(WebConstants.MAX_REQUEST_LINE_BYTES);
        assertEquals(refusal("414 Request-URI Too Long",
                        "{\"error\":\"uri_too_long\",\"message\":\"request line longer than 4096 bytes\"}"),
                answerTo(web, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    }

    /** RFC 9110 §9.3.2: no content in an answer to HEAD, also when the codec could not read the request line. */
    @Test
    void aHeadRequestLineOverItsLimitGetsThe414sHeadAlone() throws Exception {
        String target = "/" + "a".repeat(WebConstants.MAX_REQUEST_LINE_BYTES);
        String whole = refusal("414 Request-URI Too Long",
                "{\"error\":\"uri_too_long\",\"message\":\"request line longer than 4096 bytes\"}");
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("\r\nHEAD " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(whole.substring(0, whole.indexOf("\r\n\r\n") + 4),
                    new String(raw.readToEnd(), StandardCharsets.US_ASCII), "then the connection closes");
        }
        assertEquals(whole, answerTo(web, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
                "a GET after a HEAD on another connection still gets the body");
    }

    @Test
    void headerFieldsOverTheirLimitAre431() throws Exception {
        String big = "X-Big: " + "b".repeat(WebConstants.MAX_HEADER_BYTES) + "\r\n";
        assertEquals(refusal("431 Request Header Fields Too Large",
                        "{\"error\":\"headers_too_large\",\"message\":\"header fields larger than 8192 bytes\"}"),
                answerTo(web, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + big + "\r\n"));
    }

    @Test
    void headsJustWithinTheLimitsAreServed() throws Exception {
        // The limits count the line without its CRLF, and the header block's characters.
        String target = "/healthz?" + "a".repeat(WebConstants.MAX_REQUEST_LINE_BYTES - "GET /healthz? HTTP/1.1".length());
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String answer = raw.readResponse();
            assertEquals("HTTP/1.1 200 OK", answer.substring(0, answer.indexOf("\r\n")));
        }
    }

    @Test
    void routedAnswersOfEveryKindSayNoSniff() {
        for (WebFixture.Response r : new WebFixture.Response[] {
            web.get("/"), web.get("/nope"), web.get("/metrics"), web.get("/api/snapshot?symbols=%zz"),
            web.request(HttpMethod.DELETE, "/healthz", null, Map.of()),
            web.request(HttpMethod.HEAD, "/sse?symbols=" + web.symbol(0), null, Map.of()),
        }) {
            assertEquals("nosniff", r.header("X-Content-Type-Options"), r.toString());
        }
    }

    // RFC 9110 §6.6.1: an origin server with a clock must send Date in every 2xx, 3xx and 4xx response; none
    // had one.
    @Test
    void everyAnswerIsDatedByTheServersClock() {
        String etag = web.get("/app.js").header("ETag");
        web.advance(Duration.ofMillis(61_500));
        for (WebFixture.Response r : new WebFixture.Response[] {
            web.get("/healthz"), web.get("/app.js", Map.of("If-None-Match", etag)), web.get("/nope"),
            web.request(HttpMethod.DELETE, "/healthz", null, Map.of()),
            web.request(HttpMethod.HEAD, "/sse?symbols=" + web.symbol(0), null, Map.of()),
        }) {
            assertEquals(List.of("Thu, 01 Jan 1970 00:01:01 GMT"), r.headers().getAll("Date"), r.toString());
        }
        assertEquals(304, web.get("/app.js", Map.of("If-None-Match", etag)).status());
    }

    static String answerTo(WebFixture web, String request) throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii(request);
            String answer = raw.readResponse();
            raw.expectEof();
            return answer;
        }
    }

    /**
     * @return the exact answer to a refused head, whether the codec could not decode it or RequestHeadCheck
     *         refused it: status, the JSON error, and the connection closes
     */
    static String refusal(String status, String body) {
        return "HTTP/1.1 " + status + "\r\n"
                + "content-type: application/json\r\n"
                + "cache-control: no-store\r\n"
                + "content-length: " + body.length() + "\r\n"
                + "connection: close\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "date: " + DATE + "\r\n\r\n" + body;
    }
}
