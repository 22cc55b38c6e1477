package pricefeed.server.web;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator API with {@code --operator-token}: the token decides, wherever the client is. */
class OperatorTokenTest {

    private static final Map<String, String> NONE = Map.of();
    private static final Map<String, String> RIGHT = Map.of("Authorization", "Bearer s3cret-token-0123456789");
    private static final Map<String, String> WRONG = Map.of("Authorization", "Bearer s3cret-token-0123456788");

    private final WebFixture web = new WebFixture(Optional.of("s3cret-token-0123456789"));

    @AfterEach
    void tearDown() {
        web.close();
    }

    @Test
    void accessTellsWhetherTheTokenIsValid() {
        assertEquals("{\"operator\":false,\"tokenRequired\":true}", web.get("/api/simulator/access", NONE).body());
        assertEquals("{\"operator\":false,\"tokenRequired\":true}", web.get("/api/simulator/access", WRONG).body());
        assertEquals("{\"operator\":true,\"tokenRequired\":true}", web.get("/api/simulator/access", RIGHT).body());
    }

    @Test
    void withoutTheTokenEvenLoopbackGets401WithAChallenge() {
        for (WebFixture.Response r : new WebFixture.Response[] {
            web.get("/api/simulator", NONE),
            web.request(HttpMethod.POST, "/api/simulator/pause", null, NONE),
            web.request(HttpMethod.POST, "/api/simulator/pause", null, Map.of("Authorization", "Basic czNjcmV0")),
        }) {
            assertEquals(401, r.status());
            assertEquals("Bearer realm=\"pricefeed\"", r.header("WWW-Authenticate"));
            assertEquals("{\"error\":\"unauthorized\",\"message\":\"operator token required: send Authorization:"
                    + " Bearer <token>\"}", r.body());
        }
        assertFalse(web.simulator.control().paused());
    }

    @Test
    void aWrongTokenGets403() {
        WebFixture.Response state = web.get("/api/simulator", WRONG);
        assertEquals(403, state.status());
        assertNull(state.header("WWW-Authenticate"));
        assertEquals("{\"error\":\"forbidden\",\"message\":\"operator token rejected\"}", state.body());
        assertEquals(403, web.request(HttpMethod.POST, "/api/simulator/pause", null, WRONG).status());
        assertEquals(403, web.request(HttpMethod.PUT, "/api/simulator/rate", "{\"tickRate\":5}", WRONG).status());
        assertFalse(web.simulator.control().paused());
        assertEquals(200.0, web.simulator.control().tickRate());
    }

    @Test
    void theRightTokenOperatesFromAnyPage() {
        assertEquals(200, web.get("/api/simulator", RIGHT).status());
        WebFixture.Response paused = web.request(HttpMethod.POST, "/api/simulator/pause", null,
                Map.of("Authorization", "Bearer s3cret-token-0123456789", "Host", "feed.example:8080", "Origin", "https://other.example"));
        assertEquals(200, paused.status());
        assertTrue(web.simulator.control().paused());
    }

    @Test
    void theAuthCheckComesBeforeTheBody() {
        WebFixture.Response r = web.request(HttpMethod.PUT, "/api/simulator/rate", "not json", NONE);
        assertEquals(401, r.status(), "refused unread");
    }
}
