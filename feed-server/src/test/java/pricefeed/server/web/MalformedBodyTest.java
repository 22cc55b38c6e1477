package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.server.testing.RawClient;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A request body the codec cannot decode gets one answer at most (RFC 9112 §9.3), and the connection closes
 * after it: exact answers over a raw socket.
 */
class MalformedBodyTest {

    private static final String BAD_CHUNK = "zz\r\n";
    private static final String CHUNKED = "Host: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";

    private final WebFixture web = new WebFixture();

    @AfterEach
    void tearDown() {
        web.close();
    }

    @Test
    void aBodyThatFailsAfterTheAnswerClosesTheConnectionWithoutASecondAnswer() throws Exception {
        // Reactor Netty answered the failure with its own 400 after the route's 200, labelled a malformed head.
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /healthz HTTP/1.1\r\n" + CHUNKED + BAD_CHUNK);
            assertEquals("HTTP/1.1 200 OK", statusLine(raw.readResponse()));
            raw.expectEof();
        }
    }

    @Test
    void aBodyThatFailsWhileTheRouteReadsItIs400NamingTheBody() throws Exception {
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("PUT /api/simulator/rate HTTP/1.1\r\n" + CHUNKED + "5\r\n{\"tic\r\n" + BAD_CHUNK);
            assertEquals(badBody(), raw.readResponse());
            raw.expectEof();
        }
        assertEquals(200.0, web.simulator.control().tickRate(), "the rate is unchanged");
    }

    @Test
    void aBodyThatFailsBehindAnUnansweredRequestIs400InItsTurn() throws Exception {
        // /api/simulator answers from another thread, so the PUT behind it waits, its body failed, to be routed.
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /api/simulator HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "PUT /api/simulator/rate HTTP/1.1\r\n" + CHUNKED + BAD_CHUNK);
            assertEquals("HTTP/1.1 200 OK", statusLine(raw.readResponse()));
            assertEquals(badBody(), raw.readResponse());
            raw.expectEof();
        }
    }

    private static String badBody() {
        return EveryResponseTest.refusal("400 Bad Request",
                "{\"error\":\"bad_request\",\"message\":\"malformed request body: Invalid character in chunk size\"}");
    }

    private static String statusLine(String answer) {
        return answer.substring(0, answer.indexOf("\r\n"));
    }
}
