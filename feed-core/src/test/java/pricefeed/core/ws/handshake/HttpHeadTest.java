package pricefeed.core.ws.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class HttpHeadTest {

    private static HttpHead get(String target, HttpHead.Field... fields) {
        return HttpHead.request("GET", target, "HTTP/1.1", List.of(fields));
    }

    @ParameterizedTest
    @CsvSource({
            "/stream, /stream",
            "/stream?symbols=AAPL, /stream",
            "/echo#frag, /echo",
            "http://example.com:8081/echo?x=1, /echo",
            "ws://example.com, /",
            "'/a%20b?c', /a%20b",
            "*, *"})
    void pathIsTheTargetWithoutQuery(String target, String path) {
        assertEquals(path, get(target).path());
    }

    @Test
    void queryIsDecoded() {
        HttpHead head = get("/stream?symbols=AAPL%2CMSFT&name=caf%C3%A9+au+lait&flag&symbols=NVDA&bad=%zz%4");
        assertEquals(Map.of("symbols", "AAPL,MSFT,NVDA", "name", "caf\u00e9 au lait", "flag", "", "bad", "%zz%4"),
                head.query(), "a repeated key's values are joined with commas, in order");
        assertEquals(List.of("symbols", "name", "flag", "bad"), List.copyOf(head.query().keySet()));
    }

    @Test
    void noQueryIsAnEmptyMap() {
        assertEquals(Map.of(), get("/stream").query());
        assertEquals(Map.of(), get("/stream?").query());
    }

    @Test
    void tokensSplitListsOverEveryField() {
        HttpHead head = get("/", new HttpHead.Field("Sec-WebSocket-Protocol", "a, ,b"),
                new HttpHead.Field("sec-websocket-protocol", " C "));
        assertEquals(List.of("a", "b", "C"), head.tokens("SEC-WEBSOCKET-PROTOCOL"));
        assertTrue(head.hasToken("sec-websocket-protocol", "c"));
        assertFalse(head.hasToken("sec-websocket-protocol", "d"));
        assertEquals(List.of(), head.tokens("Missing"));
        assertNull(head.header("Missing"));
    }

    @Test
    void responseHeadHasNoRequestParts() {
        HttpHead head = HttpHead.response("HTTP/1.1", 404, "Not Found", List.of());
        assertThrows(IllegalStateException.class, head::path);
        assertThrows(IllegalStateException.class, head::target);
        assertThrows(IllegalArgumentException.class, () -> HttpHead.response("HTTP/1.1", 99, "", List.of()));
    }
}
