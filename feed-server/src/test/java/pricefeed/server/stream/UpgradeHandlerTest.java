package pricefeed.server.stream;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.handshake.UpgradeValidator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link StreamEvents#onHandshakeFailure} hears of a head that never completes, on virtual time. */
class UpgradeHandlerTest {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(300);

    private final RecordingEvents events = new RecordingEvents();
    private final EmbeddedChannel channel = new EmbeddedChannel(new UpgradeHandler(8192, HANDSHAKE_TIMEOUT,
            Duration.ofMillis(500), UpgradeValidator.forPaths(List.of("/echo")), UnaryOperator.identity(),
            (ch, accepted) -> () -> { }, events));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    private void partialHead() {
        channel.writeInbound(Unpooled.copiedBuffer("GET /echo HTTP/1.1\r\nHost: h\r\n", StandardCharsets.US_ASCII));
    }

    private void pastTheDeadline() {
        channel.advanceTimeBy(HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void aHeadIncompleteAtTheDeadlineIsClosedWithoutAnswerAndReportedAs408() {
        partialHead();
        pastTheDeadline();
        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound(), "nothing is answered");
        assertEquals(List.of(UpgradeHandler.STATUS_TIMEOUT), List.copyOf(events.failures));
    }

    @Test
    void aConnectionClosedBeforeItsHeadIsCompleteIsNotReported() {
        partialHead();
        channel.close(); // as the client's EOF does: the channel goes inactive
        pastTheDeadline();
        assertNull(channel.readOutbound(), "nothing is answered");
        assertTrue(events.failures.isEmpty(), "reported " + events.failures);
    }

    @Test
    void aConnectionResetBeforeItsHeadIsCompleteIsNotReported() {
        partialHead();
        channel.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        pastTheDeadline();
        assertFalse(channel.isOpen());
        assertNull(channel.readOutbound(), "nothing is answered");
        assertTrue(events.failures.isEmpty(), "reported " + events.failures);
    }
}
