package pricefeed.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.CloseStatus.Initiator;
import pricefeed.core.ws.netty.InboundMemory;
import pricefeed.core.ws.testing.LeakWatch;
import pricefeed.core.ws.testing.RawFrames;
import pricefeed.server.stream.StreamListenerConfig;
import pricefeed.server.testing.JsonWsClient;
import pricefeed.server.testing.RawClient;
import pricefeed.simulator.SimulatorConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * PROTOCOL.md section 5 against clients that start messages and never finish them: the stream listener's
 * connections together hold at most its bound of unfinished input, /stream and /echo alike; the connection
 * whose message would pass it is closed with 1013, and a subscribed reader on the same server never notices.
 */
@ExtendWith(LeakWatch.class)
class InboundMemoryBoundTest {

    /** One unfinished message: a first fragment of 4,000 bytes, for which the server reserves four times that. */
    private static final int FRAGMENT = 4_000;
    private static final long HELD_EACH = 4L * FRAGMENT;
    /** Room for five such messages, not six. */
    private static final long BOUND = 90_000;

    private StreamFixture server;
    private JsonWsClient reader;
    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (RawClient client : clients) {
            client.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void unfinishedMessagesWithinTheBoundAreKeptAndTheOneThatPassesItGets1013() throws Exception {
        server = new StreamFixture(SimulatorConfig.defaults().withSymbols(20).withTickRate(1500).withSeed(3),
                SessionSettings.DEFAULTS,
                StreamListenerConfig.DEFAULTS.withEchoEnabled(true).withInboundMemory(BOUND));
        InboundMemory memory = server.listener.inboundMemory();
        reader = JsonWsClient.connect(server.uri("/stream"));
        reader.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}");
        Map<String, Long> seqs = new HashMap<>();
        readTicks(seqs, 50);

        // Five unfinished messages, on both routes: they share the one bound.
        for (String path : List.of("/stream", "/echo", "/stream", "/echo", "/stream")) {
            RawClient client = RawClient.upgraded(server.listener.port(), path);
            clients.add(client);
            client.send(RawFrames.concat(firstFragment(), ping("k")));
            assertEquals("8a016b", hex(nextControlFrame(client)), path + ": the pong, no close");
            await(memory::held, HELD_EACH * clients.size());
        }
        readTicks(seqs, 50);

        RawClient refused = RawClient.upgraded(server.listener.port(), "/stream");
        refused.send(RawFrames.concat(firstFragment(), ping("k")));
        byte[] close = nextCloseFrame(refused);
        assertEquals(1013, ((close[2] & 0xFF) << 8) | (close[3] & 0xFF));
        assertEquals(InboundMemory.BUSY_REASON, new String(close, 4, close.length - 4, StandardCharsets.UTF_8));
        refused.expectEof();
        refused.close();
        CloseStatus status = server.closes.poll(5, TimeUnit.SECONDS);
        assertEquals(new CloseStatus(1013, InboundMemory.BUSY_REASON, Initiator.LOCAL, false), status);
        await(memory::held, HELD_EACH * clients.size());
        assertTrue(server.metrics.scrape().contains("feed_connections_closed_total{reason=\"server_busy\"} 1.0"),
                server.metrics.scrape());

        // The reader went on without a gap, and the connections within the bound are still there.
        readTicks(seqs, 100);
        assertEquals(20, seqs.size(), "every symbol ticked for the reader");
        assertFalse(reader.closed().isDone());
        for (RawClient client : clients) {
            client.send(ping("j"));
            assertEquals("8a016a", hex(nextControlFrame(client)));
        }
        assertNull(server.closes.poll(), "only the connection over the bound was closed");

        for (RawClient client : clients) {
            client.close();
        }
        clients.clear();
        for (int i = 0; i < 5; i++) {
            assertNotNull(server.closes.poll(5, TimeUnit.SECONDS));
        }
        await(memory::held, 0);
    }

    /** A text message's first 4,000 bytes, masked, with more to come. */
    private static byte[] firstFragment() {
        byte[] payload = new byte[FRAGMENT];
        Arrays.fill(payload, (byte) 'a');
        return RawFrames.frame(0x1).fin(false).mask(7).payload(payload).bytes();
    }

    private static byte[] ping(String payload) {
        return RawFrames.frame(0x9).mask(9).payload(payload).bytes();
    }

    /** @return the next pong or close frame, skipping data frames (a heartbeat) */
    private static byte[] nextControlFrame(RawClient client) throws IOException {
        while (true) {
            byte[] frame = client.readFrame();
            if ((frame[0] & 0x0F) >= 0x8) {
                return frame;
            }
        }
    }

    /** @return the next close frame, skipping pongs and data frames */
    private static byte[] nextCloseFrame(RawClient client) throws IOException {
        while (true) {
            byte[] frame = nextControlFrame(client);
            if ((frame[0] & 0x0F) == 0x8) {
                return frame;
            }
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /**
     * Reads ticks until {@code count} more have come, checking every symbol's seqs go up by one.
     *
     * @param seqs each symbol's last seq, carried from one call to the next
     */
    private void readTicks(Map<String, Long> seqs, int count) {
        int ticks = 0;
        while (ticks < count) {
            JsonNode m = reader.nextData(Duration.ofSeconds(5));
            String type = m.path("type").asText();
            if (!"tick".equals(type) && !"snapshot".equals(type)) {
                continue;
            }
            String symbol = m.path("symbol").asText();
            long seq = m.path("seq").asLong();
            if ("tick".equals(type)) {
                assertEquals(seqs.get(symbol) + 1, seq, symbol);
                ticks++;
            }
            seqs.put(symbol, seq);
        }
    }

    /**
     * Waits for the count a connection's last read leaves: the client sees our answer to that read (a pong, a
     * close frame) just before the server counts what the read left, so the count has no signal of its own.
     */
    private static void await(LongSupplier held, long expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (held.getAsLong() != expected) {
            if (System.nanoTime() > deadline) {
                fail("unfinished input held: " + held.getAsLong() + ", expected " + expected);
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
