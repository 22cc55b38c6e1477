package pricefeed.server.stream;

import pricefeed.server.testing.RawClient;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.testing.RawFrames;

import java.io.IOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A client that writes to /echo but never reads: the server must stop reading once its echoes cannot be
 * written, so the client's writes stall instead of the server buffering every echo in memory.
 */
class EchoBackpressureTest extends StreamListenerTestBase {

    private static final int FRAME_PAYLOAD = 64 * 1024;
    private static final int FRAMES = 1024; // 64 MiB offered, far beyond every socket and channel buffer

    @Test
    void aClientThatDoesNotReadIsNoLongerRead() throws Exception {
        byte[] payload = new byte[FRAME_PAYLOAD];
        new Random(1).nextBytes(payload);
        byte[] frame = RawFrames.frame(0x2).mask(0x5a5a5a5a).payload(payload).bytes();
        AtomicLong written = new AtomicLong();
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < FRAMES; i++) {
                        client.send(frame);
                        written.addAndGet(frame.length);
                    }
                } catch (IOException e) {
                    // the socket is closed at the end of the test while this write is blocked
                }
            });
            // A stall has no event to wait on: sample the progress until it stops moving.
            long last = -1;
            for (int i = 0; i < 100 && written.get() != last; i++) {
                last = written.get();
                LockSupport.parkNanos(200_000_000L);
            }
            assertFalse(writer.isDone(), "the client could write all " + FRAMES + " frames: nothing held it back");
            assertTrue(written.get() < FRAMES * (long) frame.length / 2,
                    "the writes stalled early, after " + written.get() / 1024 + " KiB");
        }
    }
}
