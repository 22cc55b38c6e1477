package pricefeed.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.frame.FrameDecoder;
import pricefeed.core.ws.handshake.ClientHandshake;
import pricefeed.core.ws.handshake.HttpHead;
import pricefeed.core.ws.handshake.HttpHeadParser;
import pricefeed.core.ws.testing.RawFrames;
import pricefeed.core.ws.testing.RecordingFrameListener;
import pricefeed.server.metrics.MetricNames;
import pricefeed.server.stream.StreamListener;
import pricefeed.server.stream.StreamListenerConfig;
import pricefeed.server.testing.JsonWsClient;
import pricefeed.simulator.SimulatorConfig;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROTOCOL.md section 5: a client that stops reading is dropped within seconds with close 1008 "slow
 * consumer" as the next thing after the bytes already in flight, while a fast client keeps receiving
 * every seq.
 */
class SlowConsumerTest {

    private StreamFixture server;
    private JsonWsClient fast;
    private Socket slow;

    @AfterEach
    void tearDown() throws Exception {
        if (fast != null) {
            fast.close();
        }
        if (slow != null) {
            slow.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStalledClientIsDroppedWithinFiveSecondsAndNobodyElseNotices() throws Exception {
        // About 1,500 ticks/s of ~180 bytes: the ~260 KB/s of the requirement.
        server = new StreamFixture(SimulatorConfig.defaults().withSymbols(20).withTickRate(1500).withSeed(3),
                SessionSettings.DEFAULTS);
        fast = JsonWsClient.connect(server.uri("/stream"));
        fast.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}");

        slow = rawSubscriberToAll(new Socket());
        InputStream in = slow.getInputStream();
        long stalledAt = System.nanoTime();

        // From here the slow client reads nothing.
        CloseStatus dropped = server.closes.poll(8, TimeUnit.SECONDS);
        long droppedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stalledAt);
        assertNotNull(dropped, "the stalled client was not dropped");
        assertEquals(1008, dropped.code());
        assertEquals("slow consumer", dropped.reason());
        assertTrue(droppedAfterMs < 5000, "dropped after " + droppedAfterMs + " ms");
        assertTrue(server.metrics.scrape().contains("feed_slow_consumer_disconnects_total 1.0"));

        // What was in flight arrives whole, and then the close frame, and then EOF.
        assertWholeFramesThenClose(in, 1008, "slow consumer");

        // The fast client never missed a seq, before, during and after the drop.
        Map<String, Long> last_ = new HashMap<>();
        int afterDrop = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < until || afterDrop < 100) {
            JsonNode m = fast.nextData(Duration.ofSeconds(5));
            String type = m.path("type").asText();
            if (!"tick".equals(type) && !"snapshot".equals(type)) {
                continue;
            }
            String symbol = m.path("symbol").asText();
            long seq = m.path("seq").asLong();
            if ("tick".equals(type)) {
                assertEquals(last_.get(symbol) + 1, seq, symbol);
                afterDrop++;
            }
            last_.put(symbol, seq);
        }
        assertEquals(20, last_.size(), "every symbol kept ticking for the fast client");
    }

    /**
     * Holding ticks back is what a throttle asks for, not falling behind: a fast client conflating every
     * symbol over 500 ms, against a 100 ms lag bound, with one symbol unthrottled so that fresh ticks keep
     * following the held ones into its queue. Held ticks used to count as 500 ms old once queued, which
     * dropped a reader that let frames queue up now and then (a browser: see DashboardBrowserTest); this
     * reader seldom does, so {@code TickFanoutTest} pins the cause down and this checks the whole path.
     */
    @Test
    void aThrottleLongerThanTheLagBoundDoesNotMakeAFastClientSlow() throws Exception {
        server = new StreamFixture(SimulatorConfig.defaults().withSymbols(10).withTickRate(20000).withSeed(3),
                new SessionSettings(1000, 50, 1024 * 1024, Duration.ofMillis(100), Duration.ofSeconds(5)),
                // A small socket buffer, as for a browser: the queue often holds frames behind a held tick.
                StreamListenerConfig.DEFAULTS.withBuffers(4096, StreamListenerConfig.DEFAULT_LOW_WATER_MARK,
                        StreamListenerConfig.DEFAULT_HIGH_WATER_MARK));
        fast = JsonWsClient.connect(server.uri("/stream"));
        fast.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"throttleMs\":500}");
        String unthrottled = fast.nextOfType("snapshot", Duration.ofSeconds(5)).path("symbol").asText();
        fast.send("{\"op\":\"subscribe\",\"symbols\":[\"" + unthrottled + "\"],\"throttleMs\":0}");

        Map<String, Integer> ticks = new HashMap<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < until) {
            JsonNode m = fast.nextData(Duration.ofSeconds(5));
            if ("tick".equals(m.path("type").asText())) {
                ticks.merge(m.path("symbol").asText(), 1, Integer::sum);
            }
        }
        assertNull(server.closes.poll(), () -> "closed as " + server.closes);
        assertTrue(ticks.get(unthrottled) > 1000, "unthrottled ticks: " + ticks);
        ticks.remove(unthrottled);
        assertEquals(9, ticks.size(), "every conflated symbol ticked: " + ticks);
        // At most one tick per 500 ms interval: 6 intervals and the one the snapshot started.
        ticks.values().forEach(n -> assertTrue(n >= 4 && n <= 7, "conflated ticks per symbol: " + ticks));
    }

    /**
     * A client that stops reading and then closes. Our answer used to wait behind what Netty held for the
     * full socket and was thrown away with it at the close timeout, so the client read the stream cut inside
     * a frame and no close frame. With a lag bound shorter than that wait, the ticks still offered after the
     * close could also trip it, and the closing connection was counted and logged as a slow consumer.
     */
    @ParameterizedTest(name = "lag bound {0} ms")
    @ValueSource(ints = {600, 2000})
    void aStalledClientsCloseIsAnsweredAfterWholeFramesHoweverLateItReadsAndIsNoSlowConsumer(int maxLagMs)
            throws Exception {
        stalledClientWithAFullSocket(Duration.ofMillis(maxLagMs));
        OutputStream out = slow.getOutputStream();
        InputStream in = slow.getInputStream();
        out.write(RawFrames.frame(0x8).mask(2).payload(new byte[] {0x03, (byte) 0xE8}).bytes());
        out.flush();

        // The client reads only once the server has closed TCP, after its close timeout.
        CloseStatus closed = server.closes.poll(5, TimeUnit.SECONDS);
        assertNotNull(closed, "the connection did not end");
        assertEquals(1000, closed.code());
        assertWholeFramesThenClose(in, 1000, "");
        assertTrue(server.metrics.scrape().contains("feed_slow_consumer_disconnects_total 0.0"),
                "a closing connection was counted as a slow consumer");
    }

    /** The same for our own close: at shutdown, a client that stopped reading still gets whole frames, then 1001. */
    @Test
    void aStalledClientGetsWholeFramesThenTheShutdownsCloseFrame() throws Exception {
        stalledClientWithAFullSocket(Duration.ofSeconds(5));

        server.listener.shutdown(Duration.ofSeconds(3)).block(Duration.ofSeconds(5));

        CloseStatus closed = server.closes.poll(5, TimeUnit.SECONDS);
        assertNotNull(closed, "the connection did not end");
        assertEquals(1001, closed.code());
        assertWholeFramesThenClose(slow.getInputStream(), 1001, StreamListener.SHUTDOWN_REASON);
    }

    /**
     * About 3.6 MB/s of ticks to {@link #slow}, a client with a 4 KiB receive buffer that subscribes to
     * {@code *} and reads nothing; returns once its socket is full (see {@link #awaitFullSocket}).
     *
     * @param maxLag the lag bound; the byte budget is far out of reach
     */
    private void stalledClientWithAFullSocket(Duration maxLag) throws Exception {
        server = new StreamFixture(SimulatorConfig.defaults().withSymbols(20).withTickRate(20000).withSeed(3),
                new SessionSettings(1000, 50, 8 * 1024 * 1024, maxLag, Duration.ofSeconds(5)));
        Socket small = new Socket();
        small.setReceiveBufferSize(4096);
        slow = rawSubscriberToAll(small);
        awaitFullSocket();
    }

    /**
     * Waits until the server stops handing bytes to the stalled client's channel while ticks keep coming:
     * the kernel's buffers are full and Netty holds its high-water mark (64 KiB), most likely cut inside a
     * frame. No progress for 100 ms at 20,000 ticks/s means that, and nothing else.
     */
    private void awaitFullSocket() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        double last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            double now = bytesSent();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (now > 64 * 1024 && System.nanoTime() - lastChange > TimeUnit.MILLISECONDS.toNanos(100)) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the server never filled the socket: " + now);
            Thread.sleep(5);
        }
    }

    private double bytesSent() {
        return server.metrics.registry().get(MetricNames.BYTES_SENT).functionCounter().count();
    }

    /** Reads to EOF: whole text frames only, then the close frame with this code and reason, last. */
    private static void assertWholeFramesThenClose(InputStream in, int code, String reason) throws Exception {
        RecordingFrameListener events = new RecordingFrameListener();
        FrameDecoder decoder = new FrameDecoder(Role.CLIENT, WebSocketLimits.DEFAULTS, events);
        ByteBuf received = Unpooled.buffer();
        byte[] chunk = new byte[64 * 1024];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            received.writeBytes(chunk, 0, n);
            decoder.decode(received);
            received.discardReadBytes();
        }
        int partial = received.readableBytes();
        received.release();
        List<RecordingFrameListener.Event> all = events.takeAll();
        assertEquals(0, partial, "the stream ended inside a frame, after " + all.size() + " frames");
        RecordingFrameListener.Event last = all.get(all.size() - 1);
        assertEquals(RecordingFrameListener.Kind.CLOSE, last.kind());
        assertEquals(code, last.code());
        assertEquals(reason, last.reason());
        for (RecordingFrameListener.Event e : all.subList(0, all.size() - 1)) {
            assertEquals(RecordingFrameListener.Kind.TEXT, e.kind(), "only whole data frames before the close");
        }
    }

    /** Connects the socket, completes the handshake and subscribes to {@code *}; reads nothing more. */
    private Socket rawSubscriberToAll(Socket socket) throws Exception {
        socket.connect(new InetSocketAddress("127.0.0.1", server.listener.port()), 5000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        handshake(out, socket.getInputStream(), server.uri("/stream"));
        out.write(RawFrames.frame(0x1).mask(1).payload("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}").bytes());
        out.flush();
        return socket;
    }

    private static void handshake(OutputStream out, InputStream in, URI uri) throws Exception {
        ClientHandshake hs = ClientHandshake.create(uri, List.of());
        out.write(hs.request());
        out.flush();
        HttpHeadParser parser = new HttpHeadParser(8192);
        ByteBuf buf = Unpooled.buffer();
        try {
            HttpHead head = null;
            while (head == null) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("EOF during handshake");
                }
                buf.writeByte(b);
                head = parser.parseResponse(buf);
            }
            hs.validate(head);
        } finally {
            buf.release();
        }
    }
}
