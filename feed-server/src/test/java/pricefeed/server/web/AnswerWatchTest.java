package pricefeed.server.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import pricefeed.server.Option;
import pricefeed.server.testing.RawClient;
import pricefeed.simulator.SimulatorConfig;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Web answers not yet taken by their sockets are held to a memory budget, and a client that takes none of its
 * answer for the handshake timeout is closed; one that reads slowly is not. Real sockets with small buffers, and a
 * market of 2000 symbols, whose snapshot (about 220 KB) is far more than the buffers hold.
 */
class AnswerWatchTest {

    private static final SimulatorConfig MARKET = WebFixture.SIMULATOR.withSymbols(2000);
    private static final Duration DEADLINE = Duration.ofMillis(400);
    private static final int SMALL_BUFFER = 4096;
    private static final String SNAPSHOT = "GET /api/snapshot HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    private static final String HEALTH = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AnswerWatch.class);
    private WebFixture web;

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(log);
        if (web != null) {
            web.close();
        }
    }

    /** A fixture whose web connections have a small send buffer, so an unread answer stays in the server. */
    private WebFixture start(Duration deadline, long answerBudget) {
        web = new WebFixture(Optional.empty(),
                c -> c.with(Option.HANDSHAKE_TIMEOUT, deadline).with(Option.SEND_BUFFER, SMALL_BUFFER), MARKET,
                answerBudget);
        return web;
    }

    @Test
    void aClientThatNeverReadsItsAnswerIsClosedAfterTheDeadlineAndItsMemoryGivenBack() throws Exception {
        start(DEADLINE, WebListener.defaultAnswerBudget());
        try (RawClient stalled = new RawClient(web.listener.port(), SMALL_BUFFER)) {
            stalled.sendAscii(SNAPSHOT);
            int length = contentLength(stalled.readHead()); // one read of what fits the buffers, then no more
            long stoppedReading = System.nanoTime();
            assertTrue(web.listener.answerBytes() > length, "held while unwritten: " + web.listener.answerBytes());

            WebFixture.await(() -> web.listener.openChannels() == 0, "the stalled connection to be closed");
            long millis = (System.nanoTime() - stoppedReading) / 1_000_000;
            assertTrue(millis >= DEADLINE.toMillis(), "not before the deadline: " + millis + " ms");
            // Given back as the close fails the pending write, a moment after the connection leaves the group.
            WebFixture.await(() -> web.listener.answerBytes() == 0, "the answer's memory to be given back");
            assertEquals(1.0, counter(AnswerWatch.SLOW_CONSUMER_DISCONNECTS));
            assertEquals(1.0, counter("feed.slow.consumer.disconnects"));
            assertEquals(1, log.list.size(), log.list.toString());
            assertEquals("web client 127.0.0.1:" + stalled.localPort() + " took no more of its answer for "
                    + DEADLINE.toMillis() + " ms (" + (length + AnswerWatch.HEAD_BYTES)
                    + " bytes held for it): connection closed",
                    log.list.get(0).getFormattedMessage());

            // What the socket buffers held can still be read; then the connection ends, short of the answer.
            assertTrue(readToEnd(stalled) < length, "the answer was cut off");
        }
    }

    @Test
    void aSlowReaderThatKeepsReadingIsNotCutOffHoweverLongTheAnswerTakes() throws Exception {
        start(DEADLINE, WebListener.defaultAnswerBudget());
        try (RawClient slow = new RawClient(web.listener.port(), SMALL_BUFFER)) {
            long start = System.nanoTime();
            slow.sendAscii(SNAPSHOT);
            int length = contentLength(slow.readHead());
            boolean heldWhileReading = false;
            int read = 0;
            while (read < length) {
                // About 200 KB/s: the whole answer takes several deadlines, each read comes well within one.
                heldWhileReading |= web.listener.answerBytes() > 0;
                read += slow.read(Math.min(SMALL_BUFFER, length - read)).length;
                Thread.sleep(20);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis > 2 * DEADLINE.toMillis(), "the answer took " + millis + " ms, more than the deadline");
            assertTrue(heldWhileReading, "the answer was counted while the client read it");
            WebFixture.await(() -> web.listener.answerBytes() == 0, "the answer's memory to be given back");

            slow.sendAscii(HEALTH);
            assertTrue(slow.readResponse().startsWith("HTTP/1.1 200 OK\r\n"), "the connection is still served");
            assertEquals(0.0, counter(AnswerWatch.SLOW_CONSUMER_DISCONNECTS));
            assertEquals(0, log.list.size(), log.list.toString());
        }
    }

    @Test
    void aSlowReaderKeepsItsConnectionWhileOnlyTheKernelSeesItsAnswerLeave() throws Exception {
        // The default send buffer: Netty may write again only once some 40 KiB of it have left, which at 20 KB/s
        // takes two deadlines of 1 s. Meanwhile the kernel sends as the client makes room: that is progress.
        Duration deadline = Duration.ofSeconds(1);
        web = new WebFixture(Optional.empty(), c -> c.with(Option.HANDSHAKE_TIMEOUT, deadline), MARKET,
                WebListener.defaultAnswerBudget());
        try (RawClient slow = new RawClient(web.listener.port(), SMALL_BUFFER)) {
            slow.sendAscii(SNAPSHOT);
            int length = contentLength(slow.readHead());
            long start = System.nanoTime();
            int read = 0;
            while (System.nanoTime() - start < 3 * deadline.toNanos()) {
                read += slow.read(2048).length;
                Thread.sleep(100);
            }
            assertTrue(read < length / 2, "still reading: " + read + " of " + length);
            assertEquals(0.0, counter(AnswerWatch.SLOW_CONSUMER_DISCONNECTS), log.list.toString());
            assertEquals(1, web.listener.openChannels());
        }
    }

    @Test
    void overTheBudgetAGetIsAnswered503WithRetryAfterAndClosedWhileSmallAnswersAndHeadStillAreServed()
            throws Exception {
        // Room for one snapshot (about 250 KB) among large answers, not two; small ones may use the last eighth.
        start(Duration.ofSeconds(10), 400 * 1024);
        int length;
        try (RawClient stalled = new RawClient(web.listener.port(), SMALL_BUFFER);
             RawClient other = new RawClient(web.listener.port());
             RawClient probe = new RawClient(web.listener.port())) {
            stalled.sendAscii(SNAPSHOT);
            length = contentLength(stalled.readHead());
            assertTrue(length > 175 * 1024 && length <= 350 * 1024, "one fits the budget, two do not: " + length);

            other.sendAscii(SNAPSHOT);
            String body = "{\"error\":\"unavailable\",\"message\":\"answers not yet read by their clients fill the "
                    + "memory set aside for answers; try again later\"}";
            assertEquals("HTTP/1.1 503 Service Unavailable\r\n"
                    + "content-type: application/json\r\n"
                    + "cache-control: no-store\r\n"
                    + "content-length: " + body.length() + "\r\n"
                    + "retry-after: 1\r\n"
                    + "connection: close\r\n"
                    + "X-Content-Type-Options: nosniff\r\n" // as on every answer the codec writes
                    + "date: " + EveryResponseTest.DATE + "\r\n\r\n" + body, other.readResponse());
            other.expectEof();

            probe.sendAscii(HEALTH);
            assertTrue(probe.readResponse().startsWith("HTTP/1.1 200 OK\r\n"), "a small answer is still served");
            probe.sendAscii(SNAPSHOT.replace("GET", "HEAD"));
            String head = probe.readHead();
            assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), "HEAD holds no body: " + head);
            assertEquals(1.0, counter(AnswerWatch.ANSWERS_REFUSED));
            assertEquals(1, log.list.size(), log.list.toString());
            String logged = log.list.get(0).getFormattedMessage();
            assertTrue(logged.startsWith("web answer of " + (length + AnswerWatch.HEAD_BYTES) + " bytes to 127.0.0.1:"
                    + other.localPort() + " refused with 503"), logged);
        }
        // The stalled client has gone: its answer's memory is given back, and a snapshot is served again.
        WebFixture.await(() -> web.listener.answerBytes() == 0, "the stalled answer's memory to be given back");
        WebFixture.Response again = web.get("/api/snapshot");
        assertEquals(200, again.status());
        assertEquals(length, again.body().length());
        // The client may read the last byte before the server's event loop has run the write's listener.
        WebFixture.await(() -> web.listener.answerBytes() == 0, "the served answer's memory to be given back");
    }

    private double counter(String name) {
        return web.metrics.registry().get(name).functionCounter().count();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        throw new AssertionError("no content-length: " + head);
    }

    /** @return bytes read until the server ended the connection */
    private static int readToEnd(RawClient client) throws IOException {
        try {
            return client.readToEnd().length;
        } catch (SocketException reset) {
            return 0;
        }
    }
}
