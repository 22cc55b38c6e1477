package pricefeed.core.ws.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
        "http://h:8081/stream?x=1,  h:8081",
        "http://user@h/,            h",
        "HTTPS://[::1]:80,          [::1]:80",
        "http://h?x=1,              h",
    })
    void anAbsoluteFormTargetsAuthorityIsItsHost(String target, String authority) {
        assertEquals(authority, RequestTarget.authority(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/stream", "*", "/a://b", "healthz?u=http://h/", "1x://h/", "://h/"})
    void otherFormsHaveNoAuthority(String target) {
        assertNull(RequestTarget.authority(target));
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

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {
        "/stream#frag                 | '#' in the request target: a fragment is not sent to the server",
        "/stream?symbols=AAPL#MSFT    | '#' in the request target: a fragment is not sent to the server",
        "http://h/echo#               | '#' in the request target: a fragment is not sent to the server",
        "/stream?symbols=AAPL%zz      | '%' not followed by two hex digits in the request target",
        "/stream?symbols=%4           | '%' not followed by two hex digits in the request target",
        "/stream%                     | '%' not followed by two hex digits in the request target",
        "/a%2/b                       | '%' not followed by two hex digits in the request target",
    })
    void aFragmentOrABrokenPercentEncodingIsMalformed(String target, String reason) {
        assertEquals(reason, RequestTarget.malformation(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/stream", "/stream?symbols=AAPL%2CMSFT", "/%41%aF", "*", "http://h:1/?q=a+b", "/a?b=c%25"})
    void wellFormedTargetsHaveNoMalformation(String target) {
        assertNull(RequestTarget.malformation(target));
    }

    @Test
    void repeatedQueryKeysAreOneList() {
        assertEquals(Map.of("symbols", "A,B C"), RequestTarget.query("http://h/stream?symbols=A&symbols=B+C"));
    }
}
