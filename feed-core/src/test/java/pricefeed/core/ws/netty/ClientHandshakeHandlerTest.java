package pricefeed.core.ws.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.handshake.AcceptKey;
import pricefeed.core.ws.handshake.ClientHandshake;
import pricefeed.core.ws.handshake.HandshakeFailure;
import pricefeed.core.ws.handshake.HandshakeFailure.Kind;
import pricefeed.core.ws.testing.Hex;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ClientHandshakeHandlerTest {

    private static final WebSocketLimits LIMITS = WebSocketLimits.DEFAULTS.withHandshakeTimeout(Duration.ofSeconds(2));

    private final ClientHandshake handshake = new ClientHandshake(URI.create("ws://127.0.0.1:8081/echo"),
            List.of("pricefeed.v1.json"), null, new Random(3));
    private final ClientHandshakeHandler handler = new ClientHandshakeHandler(handshake, LIMITS, new Random(4));
    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private void start() {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(HandlerNames.CLIENT_HANDSHAKE, handler);
    }

    private String sentAscii() {
        ByteBuf out = channel.readOutbound();
        assertNotNull(out);
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    @Test
    void sendsTheRequestAndInstallsTheFrameHandlerOn101() {
        start();
        assertEquals(new String(handshake.request(), StandardCharsets.US_ASCII), sentAscii());
        byte[] head = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + AcceptKey.of(handshake.key()) + "\r\n"
                + "Sec-WebSocket-Protocol: pricefeed.v1.json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        channel.writeInbound(Unpooled.wrappedBuffer(head, Hex.bytes("81026869")));

        WebSocketFrameHandler frames = handler.upgraded().block(Duration.ofSeconds(1));
        assertSame(frames, channel.pipeline().get(HandlerNames.FRAME_HANDLER));
        assertNull(channel.pipeline().get(HandlerNames.CLIENT_HANDSHAKE));
        assertEquals("pricefeed.v1.json", handler.subprotocol());
        WsMessage first = channel.readInbound();
        assertEquals("hi", first.contentAsString(), "the frame right after the head reached the frame handler");
        first.release();
    }

    @Test
    void aRejectionFailsTheUpgradeAndCloses() {
        start();
        sentAscii();
        channel.writeInbound(Unpooled.copiedBuffer("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n"
                + "Content-Length: 0\r\n\r\n", StandardCharsets.US_ASCII));
        HandshakeFailure failure = assertThrows(HandshakeFailure.class, () -> handler.upgraded().block());
        assertEquals(Kind.UNEXPECTED_STATUS, failure.kind());
        assertEquals(426, failure.status());
        assertFalse(channel.isOpen());
    }

    @Test
    void aMalformedResponseFails() {
        start();
        sentAscii();
        channel.writeInbound(Unpooled.copiedBuffer("SSH-2.0-OpenSSH\r\n\r\n", StandardCharsets.US_ASCII));
        assertEquals(Kind.MALFORMED_RESPONSE,
                assertThrows(HandshakeFailure.class, () -> handler.upgraded().block()).kind());
    }

    @Test
    void noResponseInTimeFails() {
        start();
        sentAscii();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertEquals(Kind.TIMEOUT, assertThrows(HandshakeFailure.class, () -> handler.upgraded().block()).kind());
        assertFalse(channel.isOpen());
    }

    @Test
    void closedConnectionFails() {
        start();
        sentAscii();
        channel.close();
        assertEquals(Kind.CONNECTION_CLOSED,
                assertThrows(HandshakeFailure.class, () -> handler.upgraded().block()).kind());
    }
}
