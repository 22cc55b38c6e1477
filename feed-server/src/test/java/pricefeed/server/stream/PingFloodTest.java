package pricefeed.server.stream;

import org.junit.jupiter.api.Test;
import pricefeed.core.ws.testing.RawFrames;
import pricefeed.server.testing.RawClient;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that sends pings and never reads: each ping is owed a pong, and a server that queued one per
 * ping would buffer them without bound (before the fix, such a flood ran a 256 MiB heap out of memory in
 * seconds). With RFC 6455 §5.5.3's "only the most recent ping", the peer is owed what the socket buffers
 * already hold plus one pong, for the newest ping.
 */
class PingFloodTest extends StreamListenerTestBase {

    private static final int PINGS = 100_000;
    private static final int BATCH = 1_000;
    private static final int MASK = 0x01020304;

    /** Counts down when the message sent after the flood arrives: every ping before it has been handled. */
    private final CountDownLatch floodHandled = new CountDownLatch(1);

    @Override
    Map<String, WebSocketHandler> routes() {
        return Map.of("/stream", c -> c.receive().doOnNext(message -> floodHandled.countDown()).then());
    }

    private static byte[] frame(int opcode, String payload) {
        return RawFrames.frame(opcode).mask(MASK).payload(payload).bytes();
    }

    private static byte[] pong(String payload) {
        return RawFrames.frame(0xA).payload(payload).bytes();
    }

    @Test
    void aPeerThatPingsWithoutReadingIsOwedOnlyTheNewestPong() throws Exception {
        String filler = "x".repeat(100);
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < BATCH; i++) {
            batch.writeBytes(frame(0x9, filler));
        }
        byte[] pings = batch.toByteArray();
        // A small receive buffer, so that what the kernel holds for the client is small and known.
        try (RawClient client = RawClient.upgraded(port(), "/stream", 4096)) {
            for (int i = 0; i < PINGS / BATCH; i++) {
                client.send(pings);
            }
            client.send(frame(0x9, "newest"));
            client.send(frame(0x1, "done"));
            assertTrue(floodHandled.await(10, TimeUnit.SECONDS), "the server read the whole flood");

            byte[] fillerPong = pong(filler);
            int pongs = 0;
            byte[] frame;
            while (Arrays.equals(frame = client.readFrame(), fillerPong)) {
                pongs++;
            }
            assertArrayEquals(pong("newest"), frame, "the newest ping is answered, after the pongs already sent");
            // The server's send buffer (64 KiB, doubled by the kernel) and the client's receive buffer hold
            // some hundreds of 104-byte pongs; one per ping would have been all 100,000.
            assertTrue(pongs < 2_000, pongs + " pongs for " + PINGS + " pings");

            client.send(frame(0x9, "after"));
            assertArrayEquals(pong("after"), client.readFrame(), "a ping that finds nothing owed is answered at once");
        }
    }
}
