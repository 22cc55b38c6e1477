package pricefeed.server.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import pricefeed.server.testing.RawClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardRoutesTest {

    private final WebFixture web = new WebFixture();

    @AfterEach
    void tearDown() {
        web.close();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DashboardRoutesTest.class.getClassLoader().getResourceAsStream("web/" + name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void rootServesTheIndexPage() throws IOException {
        WebFixture.Response r = web.get("/");
        assertEquals(200, r.status());
        assertEquals("text/html; charset=utf-8", r.header("Content-Type"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertEquals(resource("index.html"), r.body());
        assertEquals(Integer.toString(r.body().getBytes(StandardCharsets.UTF_8).length), r.header("Content-Length"));
    }

    @ParameterizedTest
    @CsvSource({
        "index.html, text/html; charset=utf-8",
        "app.js,     text/javascript; charset=utf-8",
        "api.js,     text/javascript; charset=utf-8",
        "operator.js, text/javascript; charset=utf-8",
        "app.css,    text/css; charset=utf-8",
    })
    void eachFileIsServedWithItsContentType(String file, String contentType) throws IOException {
        WebFixture.Response r = web.get("/" + file);
        assertEquals(200, r.status());
        assertEquals(contentType, r.header("Content-Type"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertEquals(resource(file), r.body());
    }

    @Test
    void anUnchangedFileIsNotSentAgain() {
        WebFixture.Response first = web.get("/app.js");
        String etag = first.header("ETag");
        assertTrue(etag != null && etag.matches("\"[0-9a-f]{24}\""), etag);
        WebFixture.Response again = web.get("/app.js", Map.of("If-None-Match", etag));
        assertEquals(304, again.status());
        assertEquals("", again.body());
        assertEquals(etag, again.header("ETag"));
        assertEquals(200, web.get("/app.js", Map.of("If-None-Match", "\"other\"")).status());
    }

    /**
     * HEAD gets the 304 a GET gets, headers and all. It came chunked (a black-box run): Reactor Netty frames a
     * HEAD answer without a length that way. Both carry the length a 200 would have (RFC 9110 §8.6).
     */
    @Test
    void aHeadRequestGetsTheSame304AsAGet() throws IOException {
        String etag = web.get("/app.js").header("ETag");
        try (RawClient raw = new RawClient(web.listener.port())) {
            raw.sendAscii("GET /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: " + etag + "\r\n\r\n");
            String get = raw.readHead();
            raw.sendAscii("HEAD /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: " + etag + "\r\n\r\n");
            String head = raw.readHead();
            assertTrue(get.startsWith("HTTP/1.1 304 Not Modified\r\n"), get);
            assertEquals(withoutDate(get), withoutDate(head));
            assertTrue(get.contains("\r\ncontent-length: " + resource("app.js").getBytes(StandardCharsets.UTF_8).length
                    + "\r\n"), get);
            assertFalse(head.toLowerCase(Locale.ROOT).contains("transfer-encoding"), head);
        }
    }

    private static String withoutDate(String head) {
        return head.replaceAll("(?im)^date: [^\r]*\r\n", "");
    }

    @Test
    void ifNoneMatchComparesWeaklyAndTakesAListOrAStar() {
        // RFC 9110 §13.1.2: weak comparison, a list of tags, and * for any current representation.
        String etag = web.get("/app.js").header("ETag");
        for (String condition : List.of("W/" + etag, "\"x\", " + etag, etag + ", \"x\"", "*",
                "\"a,b\" ," + etag, "W/\"x\",W/" + etag)) {
            WebFixture.Response r = web.get("/app.js", Map.of("If-None-Match", condition));
            assertEquals(304, r.status(), condition);
            assertEquals("", r.body(), condition);
        }
        for (String condition : List.of("\"x\"", "\"" + etag + "\"", etag.substring(0, etag.length() - 1),
                "\"a," + etag.substring(1), "W/", "", ",")) {
            assertEquals(200, web.get("/app.js", Map.of("If-None-Match", condition)).status(), condition);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../pom.xml", "/..%2fpom.xml", "/%2e%2e/%2e%2e/pom.xml", "/web/index.html", "/./app.js", "/app.js/",
        "/APP.JS", "/logback.xml", "/pricefeed/server/web/WebListener.class", "/%2e%2e%2flogback.xml",
        "/app.js%00.html", "//app.js", "/index.html/..", "/C:%5Cwindows%5Cwin.ini",
    })
    void onlyTheDashboardsOwnFilesAreServed(String path) {
        WebFixture.Response r = web.get(path);
        assertEquals(404, r.status(), path);
        assertEquals("application/json", r.header("Content-Type"));
        assertTrue(r.body().startsWith("{\"error\":\"not_found\""), r.body());
    }

    @Test
    void contentTypesByExtension() {
        assertEquals("image/svg+xml", StaticFiles.contentType("logo.svg"));
        assertEquals("image/png", StaticFiles.contentType("a/b.PNG"));
        assertEquals("image/x-icon", StaticFiles.contentType("favicon.ico"));
        assertEquals("text/javascript; charset=utf-8", StaticFiles.contentType("x.mjs"));
        assertEquals("application/octet-stream", StaticFiles.contentType("README"));
        assertEquals("application/octet-stream", StaticFiles.contentType("x.exe"));
    }
}
