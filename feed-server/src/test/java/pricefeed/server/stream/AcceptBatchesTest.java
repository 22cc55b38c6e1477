package pricefeed.server.stream;

import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;
import pricefeed.server.testing.QueuedAccepts;
import pricefeed.server.testing.RawClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A burst of clients that arrives while the stream listener is busy is taken in at once. */
class AcceptBatchesTest extends StreamListenerTestBase {

    private final CompletableFuture<Channel> held = new CompletableFuture<>();

    @Override
    StreamListenerConfig config() {
        return super.config().withIoThreads(1); // one connection loop, which the test keeps busy
    }

    @Override
    Map<String, WebSocketHandler> routes() {
        Map<String, WebSocketHandler> routes = new HashMap<>(super.routes());
        routes.put("/hold", c -> {
            held.complete(c.channel());
            return c.receive().then();
        });
        return routes;
    }

    /**
     * With Netty's epoll default each pass over the listening channel accepted one connection, so 100 waiting
     * clients took 100 passes.
     */
    @Test
    void waitingClientsAreAcceptedSixteenAPass() throws Exception {
        assertEquals(List.of(16, 16, 16, 16, 16, 16, 4), QueuedAccepts.perPass(listener.serverChannel(), 100));
        RawClient.upgraded(port(), "/echo").close(); // and the listener goes on answering handshakes
    }

    /**
     * The loops that write the feed do not accept: a loop taking 20-100 ms a pass at full load accepted so few
     * that clients arriving then waited seconds in the backlog and gave up on their handshake.
     */
    @Test
    void clientsAreAcceptedWhileTheConnectionLoopIsBusy() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/hold")) {
            Channel connection = held.get(5, TimeUnit.SECONDS);
            QueuedAccepts.whileHolding(listener.serverChannel(), connection.eventLoop(), 100);
        }
        RawClient.upgraded(port(), "/echo").close(); // their handshakes go on once the loop is free again
    }
}
