package pricefeed.server.stream;

import pricefeed.server.testing.RawClient;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.CloseStatus.Initiator;
import pricefeed.core.ws.testing.Hex;
import pricefeed.core.ws.testing.RawFrames;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Server pings, the idle timeout and shutdown, over raw sockets with short timers. */
class ListenerLifecycleTest extends StreamListenerTestBase {

    private static final Duration PING = Duration.ofMillis(200);
    private static final Duration IDLE = Duration.ofMillis(700);
    private static final byte[] SERVER_PING = Hex.bytes("8900");

    @Override
    StreamListenerConfig config() {
        return super.config().withKeepAlive(PING, IDLE).withCloseTimeout(Duration.ofMillis(300));
    }

    private static byte[] serverClose(int code, String reason) {
        return RawFrames.frame(0x8).payload(RawFrames.closePayload(code, reason)).bytes();
    }

    /** @return the next frame that is not a server ping */
    private static byte[] nextNonPing(RawClient client) throws IOException {
        while (true) {
            byte[] frame = client.readFrame();
            if (!Hex.of(frame).equals("8900")) {
                return frame;
            }
        }
    }

    @Test
    void serverPingsArrive() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            long start = System.nanoTime();
            assertArrayEquals(SERVER_PING, client.readFrame());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 150 && millis < 1000, "first ping after about 200 ms: " + millis);
            assertArrayEquals(SERVER_PING, client.readFrame());
        }
    }

    @Test
    void answeringPingsKeepsTheConnectionOpenPastTheIdleTimeout() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            long until = System.nanoTime() + 3 * IDLE.toNanos();
            int pings = 0;
            while (System.nanoTime() < until) {
                assertArrayEquals(SERVER_PING, client.readFrame(), "only pings, no close");
                pings++;
                client.send(RawFrames.frame(0xA).mask(0x01020304).bytes());
            }
            assertTrue(pings >= 8, "pings every 200 ms for 2.1 s: " + pings);
            client.send(RawFrames.frame(0x8).mask(0x01020304).payloadHex("03e8").bytes());
            assertArrayEquals(serverClose(1000, ""), nextNonPing(client));
            client.expectEof();
        }
    }

    @Test
    void silentClientIsClosedWith1001AfterTheIdleTimeout() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            long start = System.nanoTime();
            assertArrayEquals(serverClose(1001, "idle timeout"), nextNonPing(client));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 650, "not before the 700 ms idle timeout: " + millis);
            client.expectEof(); // the client never answers: TCP closes after the 300 ms close timeout
        }
        assertEquals(new CloseStatus(1001, "idle timeout", Initiator.LOCAL, false), RecordingEvents.next(events.closed));
    }

    @Test
    void shutdownSendsGoingAwayBeforeTheListenerStops() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            RecordingEvents.next(events.opened);
            CompletableFuture<Void> stopped = listener.shutdown(Duration.ofSeconds(2)).toFuture();
            assertArrayEquals(serverClose(1001, StreamListener.SHUTDOWN_REASON), nextNonPing(client));
            assertFalse(stopped.isDone(), "the listener waits for the close handshake");
            client.send(RawFrames.frame(0x8).mask(0x0a0b0c0d).payloadHex("03e9").bytes());
            client.expectEof();
            stopped.get(5, TimeUnit.SECONDS);
        }
        assertEquals(new CloseStatus(1001, StreamListener.SHUTDOWN_REASON, Initiator.LOCAL, true),
                RecordingEvents.next(events.closed));
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port()).close(), "no longer accepting");
    }

    @Test
    void shutdownClosesAClientThatNeverAnswers() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            RecordingEvents.next(events.opened);
            long start = System.nanoTime();
            listener.shutdown(Duration.ofSeconds(5)).block(Duration.ofSeconds(5));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "the close timeout ends it, not the grace");
            assertArrayEquals(serverClose(1001, StreamListener.SHUTDOWN_REASON), nextNonPing(client));
            client.expectEof();
        }
    }

    @Test
    void eofWithoutCloseFrameIsReportedAs1006() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            RecordingEvents.next(events.opened);
            client.send(RawFrames.frame(0x1).fin(false).mask(7).payload("half a mess").bytes());
        }
        CloseStatus status = RecordingEvents.next(events.closed);
        assertEquals(1006, status.code());
        assertEquals(Initiator.REMOTE, status.initiator());
        assertEquals("connection closed in the middle of a message", status.reason());
    }
}
