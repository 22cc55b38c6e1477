package pricefeed.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** An SSE client for tests: records every event of one {@code /sse} response, in order. */
final class SseRecorder implements AutoCloseable {

    /**
     * One event block.
     *
     * @param event   the {@code event:} field, or null
     * @param id      the {@code id:} field, or null
     * @param data    the {@code data:} field, or null
     * @param comment a {@code :} comment line's text, or null
     * @param retry   the {@code retry:} field, or null
     */
    record Event(String event, String id, String data, String comment, String retry) {
        JsonNode json() {
            try {
                return WebFixture.JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long seq() {
            return json().get("seq").asLong();
        }

        String symbol() {
            return json().get("symbol").asText();
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CountDownLatch headers = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final StringBuilder pending = new StringBuilder();
    private final Disposable subscription;
    private volatile int status;
    private volatile HttpHeaders responseHeaders;

    SseRecorder(HttpClient client, String uri, Map<String, String> requestHeaders) {
        subscription = client.headers(h -> requestHeaders.forEach(h::set))
                .get().uri(uri)
                .response((response, body) -> {
                    status = response.status().code();
                    responseHeaders = response.responseHeaders();
                    headers.countDown();
                    return body.asString(StandardCharsets.UTF_8);
                })
                .subscribe(this::parse, error -> ended.countDown(), ended::countDown);
    }

    /** @return the response status, once the headers came */
    int status() throws InterruptedException {
        if (!headers.await(WebFixture.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no response headers");
        }
        return status;
    }

    HttpHeaders headers() {
        return responseHeaders;
    }

    /** @return the next event; fails after the fixture's timeout */
    Event next() throws InterruptedException {
        Event e = events.poll(WebFixture.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "no event within " + WebFixture.TIMEOUT);
        return e;
    }

    /** @return the next event that is not a heartbeat comment */
    Event nextData() throws InterruptedException {
        Event e = next();
        while (e.comment() != null) {
            e = next();
        }
        return e;
    }

    /** @return whether the response ended (completed or failed) within the timeout */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return whether no event is waiting */
    boolean drained() {
        return events.isEmpty();
    }

    private synchronized void parse(String chunk) {
        pending.append(chunk);
        int end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            String block = pending.substring(0, end);
            pending.delete(0, end + 2);
            String event = null;
            String id = null;
            String data = null;
            String comment = null;
            String retry = null;
            for (String line : block.split("\n")) {
                if (line.startsWith(":")) {
                    comment = line.substring(1).trim();
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                } else if (line.startsWith("retry: ")) {
                    retry = line.substring(7);
                } else {
                    throw new AssertionError("unexpected SSE line: " + line);
                }
            }
            events.add(new Event(event, id, data, comment, retry));
        }
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
