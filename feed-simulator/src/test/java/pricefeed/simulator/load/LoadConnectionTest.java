package pricefeed.simulator.load;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.WebSocketLimits;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One connection's life at the edges of a run, against a real listener. */
class LoadConnectionTest {

    private final LoopResources loops = LoopResources.create("load-connection-test", 1, true);

    @AfterEach
    void tearDown() {
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
    }

    @Test
    void aConnectStillInProgressWhenTheRunEndsFailsOnceAndIsClosedWhenItCompletesLater() throws IOException {
        try (FullListener listener = new FullListener()) {
            URI url = URI.create("ws://127.0.0.1:" + listener.port() + "/stream");
            Census census = new Census(1);
            AtomicBoolean finishing = new AtomicBoolean();
            RunContext run = new RunContext(LoadPlan.builder(url).clients(1).build(), census, new LoopRegistry(),
                    new byte[0], WebSocketLimits.DEFAULTS, new Random(7), finishing);
            LoadConnection connection = new LoadConnection(ClientKind.READER, run);
            connection.start(TcpClient.newConnection().runOn(loops)
                    .remoteAddress(() -> new InetSocketAddress(url.getHost(), url.getPort())));

            finishing.set(true);
            connection.abandon();
            assertTrue(connection.ended().isDone(), "abandoned while connecting");
            assertEquals(1, census.failedCount());
            assertEquals(Map.of(LoadConnection.NOT_OPEN_AT_END, 1), census.failures());

            SocketChannel late = listener.acceptNewcomer(Duration.ofSeconds(10));
            late.socket().setSoTimeout(5_000);
            try (InputStream in = late.socket().getInputStream()) {
                assertEquals(-1, in.read(), "the late connection is closed at once, without a handshake");
            }
            assertEquals(1, census.attemptedCount());
            assertEquals(1, census.failedCount());
            assertEquals(0, census.openedCount());
        }
    }
}
