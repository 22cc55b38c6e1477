package pricefeed.core.ws.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestTargetTest {

    @ParameterizedTest
    @CsvSource({
        "/stream?symbols=A,             /stream?symbols=A",
        "http://h:8081/stream?x=1#f,    /stream?x=1#f",
        "HTTPS://h,                     /",
        "http://h?x=1,                  /?x=1",
        "http://[::1]:80/a/b,           /a/b",
        "*,                             *",
    })
    void anAbsoluteFormTargetIsReducedToOriginForm(String target, String originForm) {
        assertEquals(originForm, RequestTarget.originForm(target));
    }

    @ParameterizedTest
    @CsvSource({
        "/stream,                        /stream",
        "http://h:8081/stream?symbols=A, /stream",
        "http://h,                       /",
    })
    void thePathIsTheOriginFormsBeforeItsQuery(String target, String path) {
        assertEquals(path, RequestTarget.path(target));
    }

    @Test
    void repeatedQueryKeysAreOneList() {
        assertEquals(Map.of("symbols", "A,B C"), RequestTarget.query("http://h/stream?symbols=A&symbols=B+C"));
    }
}
