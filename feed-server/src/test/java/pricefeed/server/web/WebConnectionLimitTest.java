package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.server.Option;
import pricefeed.server.testing.RawClient;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At most {@code --max-web-connections} web connections; one more is answered 503 at once and closed. */
class WebConnectionLimitTest {

    private static final String BODY =
            "{\"error\":\"unavailable\",\"message\":\"too many web connections (limit 2); try again later\"}";
    private static final String REFUSAL = "HTTP/1.1 503 Service Unavailable\r\n"
            + "content-type: application/json\r\n"
            + "cache-control: no-store\r\n"
            + "x-content-type-options: nosniff\r\n"
            + "retry-after: 1\r\n"
            + "connection: close\r\n"
            + "content-length: " + BODY.length() + "\r\n\r\n" + BODY;
    private static final String HEALTH = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    private final WebFixture web = new WebFixture(Optional.empty(), c -> c.with(Option.MAX_WEB_CONNECTIONS, 2));

    @AfterEach
    void tearDown() {
        web.close();
    }

    @Test
    void aConnectionOverTheLimitGets503AndIsClosedWhileTheOthersAreServed() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted(); RawClient third = new RawClient(port())) {
            third.sendAscii(HEALTH);
            assertEquals(REFUSAL, third.readResponse());
            third.expectEof();

            first.sendAscii(HEALTH);
            assertTrue(first.readResponse().startsWith("HTTP/1.1 200 OK\r\n"), "admitted ones keep being served");
            assertEquals(2.0, active());
            assertEquals(1.0, refused());
        }
    }

    @Test
    void theAnswerComesWithoutWaitingForARequest() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted(); RawClient silent = new RawClient(port())) {
            assertEquals(REFUSAL, silent.readResponse());
            silent.expectEof();
        }
    }

    @Test
    void aLargeRequestAlreadySentDoesNotResetTheAnswerAway() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted(); RawClient eager = new RawClient(port())) {
            byte[] junk = new byte[512 * 1024]; // far more than the socket buffers hold: the server must read it
            Arrays.fill(junk, (byte) 'x');
            eager.sendAsync(junk).get(5, TimeUnit.SECONDS);
            assertEquals(REFUSAL, eager.readResponse());
            eager.expectEof(); // a FIN: closing over unread bytes would have been a reset
        }
    }

    @Test
    void aClosedConnectionFreesItsPlace() throws Exception {
        try (RawClient second = admitted()) {
            admitted().close();
            WebFixture.await(() -> active() == 1.0, "the closed connection to leave the count");
            try (RawClient again = admitted()) {
                assertEquals(2.0, active());
                assertEquals(0.0, refused());
            }
        }
    }

    /** @return a connection that was served a request, so it is surely counted */
    private RawClient admitted() throws Exception {
        RawClient raw = new RawClient(port());
        raw.sendAscii(HEALTH);
        String response = raw.readResponse();
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        return raw;
    }

    private int port() {
        return web.listener.port();
    }

    private double active() {
        return web.metrics.registry().get(WebConnectionLimit.CONNECTIONS_ACTIVE).gauge().value();
    }

    private double refused() {
        return web.metrics.registry().get(WebConnectionLimit.CONNECTIONS_REFUSED).functionCounter().count();
    }
}
