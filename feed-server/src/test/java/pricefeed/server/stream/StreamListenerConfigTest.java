package pricefeed.server.stream;

import io.netty.util.internal.PlatformDependent;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.WebSocketLimits;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class StreamListenerConfigTest {

    private static final StreamListenerConfig D = StreamListenerConfig.DEFAULTS;

    @Test
    void defaults() {
        assertEquals("0.0.0.0", D.host());
        assertEquals(8081, D.port());
        assertEquals(64 * 1024, D.streamLimits().maxMessageBytes());
        assertEquals(1024 * 1024, D.echoLimits().maxMessageBytes());
        assertEquals(8 * 1024, D.streamLimits().maxHeadBytes());
        assertEquals(Duration.ofSeconds(10), D.streamLimits().handshakeTimeout());
        assertEquals(Duration.ofMillis(750), D.streamLimits().closeTimeout());
        assertFalse(D.echoEnabled());
        assertEquals(List.of(), D.allowedOrigins());
        assertEquals(Duration.ofSeconds(20), D.pingInterval());
        assertEquals(Duration.ofSeconds(60), D.idleTimeout());
        assertEquals(64 * 1024, D.sendBufferBytes());
        assertEquals(32 * 1024, D.writeBufferLowWaterMark());
        assertEquals(64 * 1024, D.writeBufferHighWaterMark());
        assertEquals(PlatformDependent.maxDirectMemory() / 8, D.inboundMemoryBytes());
    }

    @Test
    void withCopiesChangeOneThing() {
        StreamListenerConfig c = D.withAddress("127.0.0.1", 0).withEchoEnabled(true)
                .withHandshakeTimeout(Duration.ofMillis(300)).withCloseTimeout(Duration.ofMillis(200))
                .withMaxConnections(3).withAllowedOrigins(List.of("https://a.example"))
                .withKeepAlive(Duration.ofSeconds(1), Duration.ofSeconds(2)).withBuffers(4096, 1024, 2048)
                .withInboundMemory(100 * 1024);
        assertEquals("127.0.0.1", c.host());
        assertEquals(0, c.port());
        assertTrue(c.echoEnabled());
        assertEquals(Duration.ofMillis(300), c.streamLimits().handshakeTimeout());
        assertEquals(Duration.ofMillis(300), c.echoLimits().handshakeTimeout());
        assertEquals(Duration.ofMillis(200), c.echoLimits().closeTimeout());
        assertEquals(1024 * 1024, c.echoLimits().maxMessageBytes());
        assertEquals(3, c.maxConnections());
        assertEquals(2048, c.writeBufferHighWaterMark());
        assertEquals(100 * 1024, c.inboundMemoryBytes());
        assertEquals(3, c.withInboundMemory(0).maxConnections());
        assertEquals(8081, D.port(), "the original is unchanged");
    }

    @Test
    void readableToString() {
        assertEquals("StreamListenerConfig[0.0.0.0:8081, stream=65536B, echo=off, head=8192B, handshakeTimeout=PT10S,"
                + " closeTimeout=PT0.75S, origins=any, maxConnections=10000, ping=PT20S, idle=PT1M, sndbuf=65536B,"
                + " waterMarks=32768/65536B, ioThreads=" + Runtime.getRuntime().availableProcessors()
                + ", inboundMemory=" + PlatformDependent.maxDirectMemory() / 8 + "B]",
                D.toString());
    }

    @Test
    void validatedOnce() {
        assertEquals("port must be 0..65535: 70000",
                assertThrows(IllegalArgumentException.class, () -> D.withAddress("h", 70000)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> D.withAddress(" ", 1));
        assertThrows(IllegalArgumentException.class, () -> D.withMaxConnections(0));
        assertEquals("ioThreads must be at least 1: 0",
                assertThrows(IllegalArgumentException.class, () -> D.withIoThreads(0)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> D.withKeepAlive(Duration.ofSeconds(20), Duration.ofSeconds(20)));
        assertThrows(IllegalArgumentException.class, () -> D.withBuffers(128 * 1024, 64 * 1024, 32 * 1024));
        assertThrows(IllegalArgumentException.class, () -> D.withBuffers(100, 10, 20));
        assertEquals("inboundMemoryBytes must be 0 or more, and bounded: -1",
                assertThrows(IllegalArgumentException.class, () -> D.withInboundMemory(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> D.withInboundMemory(Long.MAX_VALUE));
        assertThrows(NullPointerException.class, () -> D.withStreamLimits((WebSocketLimits) null));
    }
}
