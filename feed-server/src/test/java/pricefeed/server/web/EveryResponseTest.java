package pricefeed.server.web;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.server.testing.RawClient;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every response says {@code nosniff}, and the answers Reactor Netty's HTTP codec writes on its own to a head it
 * cannot decode have the JSON error shape like every other refusal: exact bytes, then the connection closes.
 */
class EveryResponseTest {

    private final WebFixture web = new WebFixture();

    @AfterEach
    void tearDown() {
        web.close();
    }

    @Test
    void aMalformedRequestLineIs400WithTheErrorShape() throws Exception {
        assertEquals(refusal("400 Bad Request", "{\"error\":\"bad_request\",\"message\":\"malformed request head\"}"),
                answerTo("GARBAGE\r\n\r\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/0.9", "HTTP/2.0", "HTTP/9.9"})
    void anotherHttpMajorVersionIs400NamingIt(String version) throws Exception {
        // The codec takes any HTTP/d.d, and Reactor Netty used to answer GET / HTTP/9.9 with HTTP/9.9 200 OK.
        assertEquals(refusal("400 Bad Request", "{\"error\":\"bad_request\",\"message\":\"unsupported HTTP version "
                        + version + ", only HTTP/1.1\"}"),
                answerTo("GET /healthz " + version + "\r\nHost: 127.0.0.1\r\n\r\n"));
    }

    static Stream<Arguments> hostRefusals() {
        return Stream.of(
                Arguments.of("GET /healthz HTTP/1.1\r\n\r\n", "missing Host header"),
                Arguments.of("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "more than one Host header"),
                Arguments.of("GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n", "Host header is not a host[:port]: a b"),
                Arguments.of("GET /healthz HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", "more than one Host header"));
    }

    @ParameterizedTest
    @MethodSource("hostRefusals")
    void aHostFieldRfc9112RefusesIs400NamingIt(String request, String reason) throws Exception {
        String answer = answerTo(request);
        assertEquals(refusal("400 Bad Request", "{\"error\":\"bad_request\",\"message\":\"" + reason + "\"}"),
                answer.replaceFirst("^HTTP/1\\.0 ", "HTTP/1.1 "));
    }

    @Test
    void anHttp10RequestNeedsNoHost() throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /healthz HTTP/1.0\r\n\r\n");
            String answer = raw.readResponse();
            assertEquals("HTTP/1.0 200 OK", answer.substring(0, answer.indexOf("\r\n")));
        }
    }

    @Test
    void anAbsoluteFormTargetIsRoutedByItsPathAndQuery() throws Exception {
        // RFC 9112 §3.2.2: a server must accept it, though only proxies are sent it as a rule.
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET http://127.0.0.1:" + web.listener.port() + "/api/snapshot?symbols=" + web.symbol(0)
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String answer = raw.readResponse();
            assertEquals("HTTP/1.1 200 OK", answer.substring(0, answer.indexOf("\r\n")));
            assertTrue(answer.contains("\"symbol\":\"" + web.symbol(0) + "\""), answer);
            raw.sendAscii("GET HTTP://127.0.0.1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            answer = raw.readResponse();
            assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n") && answer.contains("text/html"), "the page at /: " + answer);
        }
    }

    @Test
    void aLaterHttp1MinorVersionIsServedAsHttp11() throws Exception {
        // RFC 9112 §2.3: processed as the highest minor version implemented, and answered in it.
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /healthz HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n");
            String answer = raw.readResponse();
            assertEquals("HTTP/1.1 200 OK", answer.substring(0, answer.indexOf("\r\n")));
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            answer = raw.readResponse();
            assertEquals("HTTP/1.1 200 OK", answer.substring(0, answer.indexOf("\r\n")), "kept alive as 1.1");
        }
    }

    @Test
    void aPipelinedRequestOfAnotherVersionIsRefusedAfterTheAnswerBeforeIt() throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /healthz HTTP/3.0\r\nHost: 127.0.0.1\r\n\r\n");
            String first = raw.readResponse();
            assertEquals("HTTP/1.1 200 OK", first.substring(0, first.indexOf("\r\n")));
            assertEquals(refusal("400 Bad Request", "{\"error\":\"bad_request\",\"message\":"
                    + "\"unsupported HTTP version HTTP/3.0, only HTTP/1.1\"}"), raw.readResponse());
            raw.expectEof();
        }
    }

    @Test
    void aRequestLineOverItsLimitIs414() throws Exception {
        String target = "/" + "a".repeat(WebConstants.MAX_REQUEST_LINE_BYTES);
        assertEquals(refusal("414 Request-URI Too Long",
                        "{\"error\":\"uri_too_long\",\"message\":\"request line longer than 4096 bytes\"}"),
                answerTo("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    }

    @Test
    void headerFieldsOverTheirLimitAre431() throws Exception {
        String big = "X-Big: " + "b".repeat(WebConstants.MAX_HEADER_BYTES) + "\r\n";
        assertEquals(refusal("431 Request Header Fields Too Large",
                        "{\"error\":\"headers_too_large\",\"message\":\"header fields larger than 8192 bytes\"}"),
                answerTo("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + big + "\r\n"));
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

    private String answerTo(String request) throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii(request);
            String answer = raw.readResponse();
            raw.expectEof();
            return answer;
        }
    }

    private static String refusal(String status, String body) {
        return "HTTP/1.1 " + status + "\r\n"
                + "connection: close\r\n"
                + "X-Content-Type-Options: nosniff\r\n"
                + "content-type: application/json\r\n"
                + "cache-control: no-store\r\n"
                + "content-length: " + body.length() + "\r\n\r\n" + body;
    }
}
