package pricefeed.server.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import pricefeed.server.Option;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading is dropped once its stream's queue passes the budget, or once an event has
 * waited past the lag bound for its full socket, whichever comes first; it is not buffered for.
 */
class SseSlowConsumerTest {

    private static final int BUDGET = 16 * 1024;

    @Test
    void aClientThatStopsReadingIsDisconnected() throws Exception {
        try (WebFixture web = new WebFixture(Optional.empty(),
                c -> c.with(Option.OUTBOUND_BUDGET, BUDGET).with(Option.SEND_BUFFER, 4096),
                WebFixture.SIMULATOR.withTickRate(2_000));
             Socket socket = stalledStream(web)) {
            // About 40 KB of events per 100 simulated ms; the socket buffers take some, the budget the rest.
            int steps = stepsUntilDropped(web);
            assertTrue(steps < 20, "socket buffers stay small: " + steps + " steps");
            assertEquals(1.0, web.metrics.registry().get("feed.slow.consumer.disconnects").functionCounter().count());
            WebFixture.await(() -> web.listener.sseStreams() == 0, "the stream to end");

            // What was in flight can still be read; then the connection is over.
            long read = 0;
            try (InputStream in = socket.getInputStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    read += n;
                }
            } catch (SocketException reset) {
                // a reset is an end too
            }
            assertTrue(read > 0, "the head and some events arrived first");
        }
    }

    @Test
    void aClientFarBehindIsDroppedAtTheLagBoundLongBeforeItsBudgetFills() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(SseRoutes.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (WebFixture web = new WebFixture(Optional.empty(),
                c -> c.with(Option.MAX_LAG, Duration.ofMillis(300)).with(Option.SEND_BUFFER, 4096),
                WebFixture.SIMULATOR.withTickRate(2_000));
             Socket socket = stalledStream(web)) {
            // About 40 KB of events per 100 simulated ms: the default 1 MiB budget would take 25 steps to fill.
            int steps = stepsUntilDropped(web);
            assertTrue(steps >= 4 && steps < 25, "more than 300 ms, and before the budget: " + steps + " steps");
            WebFixture.await(() -> web.listener.sseStreams() == 0, "the stream to end");
            assertEquals(1, log.list.size(), log.list.toString());
            assertTrue(log.list.get(0).getFormattedMessage().contains("an event waited over 300 ms for a full socket"),
                    log.list.get(0).getFormattedMessage());
        } finally {
            logger.detachAppender(log);
        }
    }

    /** @return a socket with small buffers whose {@code /sse} stream has subscribed, and that reads no more */
    private static Socket stalledStream(WebFixture web) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", web.listener.port()));
        socket.getOutputStream().write("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        // The stream is counted open a moment before it subscribes to the ticks, and steps meanwhile feed it
        // nothing (100 went by on a busy machine). Its first byte is sent only once it has: read that one byte.
        socket.setSoTimeout((int) WebFixture.TIMEOUT.toMillis());
        assertEquals('H', socket.getInputStream().read(), "the response's first byte");
        return socket;
    }

    /** @return how many 100 ms steps of simulated time went by before a slow-consumer drop */
    private static int stepsUntilDropped(WebFixture web) {
        int steps = 0;
        while (slowDisconnects(web) == 0 && steps < 100) {
            web.advance(Duration.ofMillis(100));
            steps++;
        }
        assertEquals(1.0, slowDisconnects(web), "dropped after " + steps + " steps");
        return steps;
    }

    private static double slowDisconnects(WebFixture web) {
        return web.metrics.registry().get(SseRoutes.SLOW_CONSUMER_DISCONNECTS).functionCounter().count();
    }
}
