package pricefeed.server.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.core.ws.testing.RawFrames;
import pricefeed.server.testing.RawClient;
import pricefeed.simulator.SimulatorConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that reads at full speed gets megabytes at loopback speed. On loopback a TCP segment carries up
 * to 64 KiB; with a send buffer that held only one, each full write waited for the reader's delayed ACK
 * (40 ms), about 1.6 MB/s whatever the reader did, and a resume's replay then fell behind its history.
 */
class BulkDeliveryTest {

    private static final int SYMBOLS = 100;
    private static final int BACK = 1000;
    /** The replay is about 13 MB: about 0.2 s here, 6 s at one write per 40 ms. */
    private static final long MAX_REPLAY_MILLIS = 2500;
    private static final int RECEIVE_ROOM = 32 * 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private StreamFixture server;
    private ResourceLeakDetector.Level leakLevel;

    /**
     * The tests run with Netty's leak detector at PARANOID, which keeps stack traces of the accesses to every
     * buffer: for the 100,000 frames here about 1 GB on Java 25, the test JVM's whole heap. Sampled
     * detection still reports a leak; the frames' paths are checked at PARANOID by the smaller tests.
     */
    @BeforeEach
    void sampleLeaks() {
        leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        ResourceLeakDetector.setLevel(leakLevel);
    }

    @Test
    void aResumeOfAThousandTicksOfEverySymbolArrivesWholeAndQuickly() throws Exception {
        server = new StreamFixture(SimulatorConfig.defaults().withSymbols(SYMBOLS).withTickRate(50_000).withSeed(5),
                SessionSettings.DEFAULTS);
        List<String> symbols = server.simulator.symbols().stream().map(SymbolSpec::symbol).toList();
        // Every history holds more than BACK ticks once every symbol has ticked past it.
        server.simulator.ticks().filter(t -> t.seq() > BACK).map(Tick::symbol).distinct().take(SYMBOLS)
                .blockLast(Duration.ofSeconds(30));
        // Paused, the history cannot move past the replay however slow it is: only the socket decides.
        server.simulator.control().pause();
        Map<String, Long> next = new HashMap<>();
        StringBuilder from = new StringBuilder();
        for (String s : symbols) {
            long seq = latestSeq(s) - BACK;
            next.put(s, seq + 1);
            from.append(from.isEmpty() ? "" : ",").append('"').append(s).append("\":").append(seq);
        }

        try (RawClient client = RawClient.upgraded(server.listener.port(), "/stream", 4 * 1024 * 1024)) {
            long start = System.nanoTime();
            client.send(RawFrames.frame(0x1).mask(7)
                    .payload("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"from\":{" + from + "}}").bytes());
            // Paused, every symbol has exactly BACK ticks to replay, and nothing after them.
            // While the clock runs the reader only finds where each frame ends, so that it keeps up with loopback.
            byte[] all = new byte[RECEIVE_ROOM];
            int length = 0;
            List<Integer> ends = new ArrayList<>(SYMBOLS * BACK + 1);
            int frameStart = 0;
            while (ends.size() < SYMBOLS * BACK + 1) {
                int n = client.readSome(all, length, all.length - length);
                assertTrue(n > 0, "EOF, or more than " + RECEIVE_ROOM + " bytes, after " + ends.size() + " frames");
                length += n;
                int end;
                while ((end = frameEnd(all, frameStart, length)) > 0) {
                    ends.add(end);
                    frameStart = end;
                }
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long bytes = length;
            List<byte[]> frames = new ArrayList<>(ends.size());
            for (int i = 0, begin = 0; i < ends.size(); begin = ends.get(i++)) {
                frames.add(Arrays.copyOfRange(all, begin, ends.get(i)));
            }

            assertEquals("subscribed", data(frames.get(0)).path("type").asText());
            for (byte[] frame : frames.subList(1, frames.size())) {
                JsonNode m = data(frame);
                String symbol = m.path("symbol").asText();
                assertEquals("tick", m.path("type").asText(), () -> symbol + ": a snapshot instead of its replay");
                long expected = next.get(symbol);
                assertEquals(expected, m.path("seq").asLong(), symbol);
                next.put(symbol, expected + 1);
            }
            symbols.forEach(s -> assertEquals(latestSeq(s) + 1, next.get(s), s + " replayed up to its latest tick"));
            assertTrue(bytes > 10_000_000, bytes + " bytes");
            assertTrue(millis < MAX_REPLAY_MILLIS, bytes + " bytes took " + millis + " ms");
        }
    }

    private long latestSeq(String symbol) {
        return server.fanout.latest(symbol).orElseThrow().seq();
    }

    /**
     * @return where the unmasked frame starting at {@code start} ends, or -1 if it has not all arrived (in
     *         {@code bytes} up to {@code length})
     */
    private static int frameEnd(byte[] bytes, int start, int length) {
        if (length - start < 2) {
            return -1;
        }
        int len = bytes[start + 1] & 0x7F;
        int header = 2;
        if (len == 126) {
            if (length - start < 4) {
                return -1;
            }
            len = ((bytes[start + 2] & 0xFF) << 8) | (bytes[start + 3] & 0xFF);
            header = 4;
        } else if (len == 127) {
            throw new AssertionError("no frame here is over 64 KiB");
        }
        int end = start + header + len;
        return end <= length ? end : -1;
    }

    /** @return the JSON of a server text frame of up to 64 KiB (a 2- or 4-byte header) */
    private JsonNode data(byte[] frame) throws Exception {
        assertEquals(0x81, frame[0] & 0xFF, "a whole text frame");
        int offset = (frame[1] & 0x7F) == 126 ? 4 : 2;
        return json.readTree(Arrays.copyOfRange(frame, offset, frame.length));
    }
}
