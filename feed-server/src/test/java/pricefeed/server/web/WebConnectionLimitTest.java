package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.server.Option;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.testing.RawClient;
import reactor.netty.NettyPipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At most {@code --max-web-connections} web connections: one more is answered 503 and closed, unless it asks
 * for the health check or the metrics.
 */
class WebConnectionLimitTest {

    private static final String BODY =
            "{\"error\":\"unavailable\",\"message\":\"too many web connections (limit 2); try again later\"}";
    private static final String REFUSAL = "HTTP/1.1 503 Service Unavailable\r\n"
            + "date: " + EveryResponseTest.DATE + "\r\n"
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
            third.sendAscii(HEALTH.replace("/healthz", "/api/symbols"));
            assertEquals(REFUSAL, third.readResponse());
            third.expectEof();

            first.sendAscii(HEALTH);
            assertTrue(first.readResponse().startsWith("HTTP/1.1 200 OK\r\n"), "admitted ones keep being served");
            assertEquals(2.0, active(), "a refused connection gives its place in the probe reserve back");
            assertEquals(1.0, refused());
        }
    }

    @Test
    void aHeadRequestOverTheLimitGetsThe503sHeadWithoutItsBody() throws Exception {
        // RFC 9110 §9.3.2: no content in an answer to HEAD, though content-length says what a GET would get.
        try (RawClient first = admitted(); RawClient second = admitted(); RawClient head = new RawClient(port())) {
            head.sendAscii("\r\n" + HEALTH.replace("GET /healthz", "HEAD /api/symbols"));
            assertEquals(REFUSAL.substring(0, REFUSAL.indexOf(BODY)), head.readHead());
            head.expectEof();
        }
    }

    @Test
    void aConnectionThatSendsNothingIsAnsweredAnyway() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted(); RawClient silent = new RawClient(port())) {
            assertEquals(REFUSAL, silent.readResponse());
            silent.expectEof();
        }
    }

    @Test
    void aLargeRequestAlreadySentIsDrainedSoTheCloseIsNoReset() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted();
             java.net.Socket eager = new java.net.Socket("127.0.0.1", port())) {
            eager.setSoTimeout(5_000);
            // Far more than socket buffers hold: the write completes only if the server keeps reading,
            // and it must complete before the server's close, or the close would be a reset.
            byte[] junk = new byte[16 * 1024 * 1024];
            Arrays.fill(junk, (byte) 'x');
            eager.getOutputStream().write(junk);
            String answer = new String(eager.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals(REFUSAL, answer, "the whole 503, then a FIN");
        }
    }

    @Test
    void aRefusedClientThatNeverClosesIsClosedWithinASecondOrSo() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted(); RawClient lingering = new RawClient(port())) {
            lingering.sendAscii(HEALTH.replace("/healthz", "/api/symbols"));
            assertEquals(REFUSAL, lingering.readResponse());
            long start = System.nanoTime();
            WebFixture.await(() -> web.listener.openChannels() == 2, "the refused connection to be closed");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2_000, millis + " ms");
        }
    }

    @Test
    void overTheLimitHealthAndMetricsAreStillServedOncePerConnection() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted()) {
            for (String request : new String[] {HEALTH, HEALTH.replace("/healthz", "/metrics"),
                    "HEAD /healthz?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "\r\n" + HEALTH}) {
                try (RawClient probe = new RawClient(port())) {
                    // In two reads: the decision waits for enough of the request line.
                    probe.sendAscii(request.substring(0, 7));
                    Thread.sleep(20); // a pause well under the 100 ms wait, so the server reads twice
                    probe.sendAscii(request.substring(7));
                    String response = request.startsWith("HEAD") ? probe.readHead() : probe.readResponse();
                    assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
                    String lower = response.toLowerCase(java.util.Locale.ROOT);
                    assertTrue(lower.contains("\r\nconnection: close\r\n"), response);
                    probe.expectEof();
                }
            }
            assertEquals(0.0, refused());
        }
    }

    // The 100 ms wait for first bytes still ran after they came: a probe whose request line came in two
    // pieces more than 100 ms apart (a slow or lossy network) was answered 503.
    @Test
    void overTheLimitAProbeSplitPastTheFirstBytesWaitIsServed() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted(); RawClient probe = new RawClient(port())) {
            probe.sendAscii("GET /heal");
            Thread.sleep(150); // the scenario itself: a real pause longer than the 100 ms wait, kept short
            probe.sendAscii("thz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String response = probe.readResponse();
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            probe.expectEof();
            assertEquals(0.0, refused());
        }
    }

    @Test
    void aRequestLineInPiecesIsPassedOnWhateverTheirGapWithinTheHeadDeadline() {
        MockTicker clock = Ticker.newMockTicker();
        List<String> passed = new ArrayList<>();
        EmbeddedChannel channel = overLimit(clock, passed);
        channel.writeInbound(ascii("GET /heal"));
        clock.advance(300, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        assertNull(channel.readOutbound(), "no 503 once the first bytes are here");
        clock.advance(699, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        channel.writeInbound(ascii("thz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        assertEquals(List.of(HEALTH), passed, "the whole request, handed on to HTTP");
        assertNull(channel.pipeline().get(OverLimitConnection.class));
        assertNull(channel.readOutbound());
        channel.finishAndReleaseAll();
    }

    @Test
    void aRequestLineThatStopsHalfWayIsRefusedAtTheHeadDeadlineFromItsFirstByte() {
        MockTicker clock = Ticker.newMockTicker();
        List<String> passed = new ArrayList<>();
        EmbeddedChannel channel = overLimit(clock, passed);
        clock.advance(50, TimeUnit.MILLISECONDS);
        channel.writeInbound(ascii("\r\nHEAD /heal"));
        clock.advance(999, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        assertNull(channel.readOutbound(), "not before the deadline");
        clock.advance(1, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        ByteBuf answer = channel.readOutbound();
        assertEquals(REFUSAL.substring(0, REFUSAL.indexOf(BODY)), answer.toString(StandardCharsets.US_ASCII),
                "the 503's head, to a HEAD request");
        answer.release();
        assertEquals(List.of(), passed);
        channel.finishAndReleaseAll();
    }

    /**
     * @param clock  the channel's clock
     * @param passed receives, as text, what the handler hands on to HTTP
     * @return a channel over the limit within the probe reserve, with a 1 s head deadline
     */
    private static EmbeddedChannel overLimit(MockTicker clock, List<String> passed) {
        OverLimitConnection overLimit = new OverLimitConnection(true, Duration.ofSeconds(1),
                RawAnswer.error(ApiError.tooManyConnections(2)), () -> { });
        ChannelInboundHandlerAdapter http = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passed.add(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
                ((ByteBuf) msg).release();
            }
        };
        return EmbeddedChannel.builder().ticker(clock).handlers(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(overLimit).addLast(NettyPipeline.HttpCodec, http);
                new EveryResponse(() -> 0L).install(ch); // dates answers as the fixture's clock does
            }
        }).build();
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    @Test
    void aRequestPipelinedBehindAProbeIsNeverServed() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted(); RawClient probe = new RawClient(port())) {
            probe.sendAscii(HEALTH + "POST /api/simulator/pause HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: 0\r\n\r\n");
            String response = probe.readResponse();
            assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
            probe.expectEof();
            assertFalse(web.simulator.control().paused(), "the pipelined operator request was not run");
        }
    }

    @Test
    void overTheLimitEverythingElseIsRefused() throws Exception {
        try (RawClient first = admitted(); RawClient second = admitted()) {
            for (String path : new String[] {"/healthzz", "/api/symbols", "/metrics/x", "/sse"}) {
                try (RawClient other = new RawClient(port())) {
                    other.sendAscii(HEALTH.replace("/healthz", path));
                    assertEquals(REFUSAL, other.readResponse(), path);
                    other.expectEof();
                }
            }
            try (RawClient post = new RawClient(port())) {
                post.sendAscii("POST /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
                assertEquals(REFUSAL, post.readResponse());
            }
            assertEquals(5.0, refused());
        }
    }

    @Test
    void beyondTheProbeReserveEvenHealthIsRefused() {
        FeedMetrics metrics = new FeedMetrics();
        WebConnectionLimit limit = new WebConnectionLimit(1, 1, Duration.ofSeconds(1), metrics);
        EmbeddedChannel within = new EmbeddedChannel();
        EmbeddedChannel reserve = new EmbeddedChannel();
        EmbeddedChannel beyond = new EmbeddedChannel();
        assertTrue(limit.admit(within));
        assertFalse(limit.admit(reserve));
        assertFalse(limit.admit(beyond));
        assertEquals(null, within.pipeline().get(OverLimitConnection.class));
        assertTrue(reserve.pipeline().get(OverLimitConnection.class).mayProbe());
        assertFalse(beyond.pipeline().get(OverLimitConnection.class).mayProbe());
        within.close();
        reserve.close();
        beyond.close();
        metrics.close();
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
