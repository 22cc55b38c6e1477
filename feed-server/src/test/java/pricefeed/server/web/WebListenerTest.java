package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.server.Option;
import pricefeed.server.ServerConfig;
import pricefeed.server.testing.QueuedAccepts;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebListenerTest {

    private final WebFixture web = new WebFixture();

    @AfterEach
    void tearDown() {
        web.close();
    }

    @Test
    void startsOnceAndReportsItsPort() {
        assertTrue(web.listener.port() > 0);
        IllegalStateException again = assertThrows(IllegalStateException.class, web.listener::start);
        assertEquals("web listener already started", again.getMessage());
    }

    @Test
    void aListenerNotStartedHasNoPort() {
        ServerConfig config = ServerConfig.DEFAULTS.with(Option.HOST, "127.0.0.1").with(Option.HTTP_PORT, 0);
        WebListener idle = new WebListener(config, web.simulator, web.fanout, web.metrics, () -> 1);
        assertThrows(IllegalStateException.class, idle::port);
        idle.shutdown(Duration.ofSeconds(1)).block(WebFixture.TIMEOUT); // nothing to stop
    }

    @Test
    void shutdownClosesKeepAliveConnectionsAndStopsListening() {
        HttpClient pooled = HttpClient.create(ConnectionProvider.create("keep-alive", 1))
                .baseUrl("http://127.0.0.1:" + web.listener.port());
        assertEquals(200, pooled.get().uri("/healthz").responseSingle((r, b) -> b.then(Mono.just(r.status().code())))
                .block(WebFixture.TIMEOUT));
        int port = web.listener.port();
        web.listener.shutdown(Duration.ofSeconds(2)).block(WebFixture.TIMEOUT);
        web.listener.shutdown(Duration.ofSeconds(2)).block(WebFixture.TIMEOUT); // idempotent
        assertThrows(IllegalStateException.class, web.listener::port);
        assertThrows(RuntimeException.class, () -> HttpClient.create(ConnectionProvider.newConnection())
                .get().uri("http://127.0.0.1:" + port + "/healthz").response().block(WebFixture.TIMEOUT));
        assertThrows(RuntimeException.class, () -> pooled.get().uri("/healthz")
                        .responseSingle((r, b) -> b.asString()).block(WebFixture.TIMEOUT),
                "the pooled connection was closed by the server");
    }

    /** See AcceptBatchesTest: Netty's epoll default accepted one waiting connection per pass of the loop. */
    @Test
    void waitingClientsAreAcceptedSixteenAPass() throws Exception {
        assertEquals(List.of(16, 16, 16, 16, 16, 16, 4), QueuedAccepts.perPass(web.listener.serverChannel(), 100));
        assertEquals(200, web.get("/healthz").status());
    }

    @Test
    void aBrokenPercentEncodingIs400() {
        WebFixture.Response r = web.get("/api/snapshot?symbols=%zz");
        assertEquals(400, r.status());
        assertEquals("{\"error\":\"bad_request\",\"message\":\"'%' not followed by two hex digits in the request "
                + "target\"}", r.body());
    }
}
