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
    /** The replay is about 13 MB: about 0.3 s here, 6 s at one write per 40 ms. */
    private static final long MAX_REPLAY_MILLIS = 2500;

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
            List<byte[]> frames = new ArrayList<>(SYMBOLS * BACK + 1);
            long bytes = 0;
            while (frames.size() < SYMBOLS * BACK + 1) {
                byte[] frame = client.readFrame();
                frames.add(frame);
                bytes += frame.length;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

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

    /** @return the JSON of a server text frame of up to 64 KiB (a 2- or 4-byte header) */
    private JsonNode data(byte[] frame) throws Exception {
        assertEquals(0x81, frame[0] & 0xFF, "a whole text frame");
        int offset = (frame[1] & 0x7F) == 126 ? 4 : 2;
        return json.readTree(Arrays.copyOfRange(frame, offset, frame.length));
    }
}
