package pricefeed.server.stream;

import pricefeed.server.testing.RawClient;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.handshake.HandshakeOutcome;
import pricefeed.core.ws.handshake.HandshakeOutcome.Accepted;
import pricefeed.core.ws.handshake.HandshakeOutcome.Rejection;
import pricefeed.core.ws.handshake.HttpHeadParser;
import pricefeed.core.ws.handshake.UpgradeValidator;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ConnectionRegistryTest {

    private final ConnectionRegistry registry = new ConnectionRegistry(2);
    private final Accepted accepted = accepted();

    @Test
    void admitsUpToTheLimitThen503() {
        assertSame(accepted, registry.admit(accepted));
        assertSame(accepted, registry.admit(accepted));
        HandshakeOutcome third = registry.admit(accepted);
        assertEquals(503, assertInstanceOf(Rejection.class, third).status());
        assertEquals(2, registry.size());
    }

    @Test
    void removingGivesTheSlotBack() {
        Conn a = new Conn();
        registry.admit(accepted);
        assertTrue(registry.add(a));
        registry.remove(a);
        registry.remove(a);
        assertEquals(0, registry.size(), "a second remove of the same connection gives nothing back");
    }

    @Test
    void shutdownListsTheOpenConnectionsAndRefusesNewHandshakes() {
        Conn a = new Conn();
        registry.admit(accepted);
        registry.add(a);
        assertEquals(List.of(a), registry.beginShutdown());
        Rejection late = assertInstanceOf(Rejection.class, registry.admit(accepted));
        assertEquals(503, late.status());
        assertTrue(late.reason().contains("shutting down"), late.reason());
    }

    @Test
    void drainedWaitsForAnUpgradeThatWasAdmittedBeforeShutdownAndCompletesAfterIt() {
        Conn early = new Conn();
        Conn inFlight = new Conn();
        registry.admit(accepted);
        registry.add(early);
        registry.admit(accepted); // its 101 is still being written when shutdown begins

        assertEquals(List.of(early), registry.beginShutdown());
        assertFalse(registry.add(inFlight), "the caller must close a connection added after shutdown began");

        StepVerifier.withVirtualTime(registry::drained)
                .expectSubscription()
                .then(() -> registry.remove(early))
                .expectNoEvent(Duration.ofSeconds(1))
                .then(() -> registry.remove(inFlight))
                .verifyComplete();
    }

    @Test
    void drainedCompletesAtOnceWhenNothingIsOpen() {
        registry.beginShutdown();
        StepVerifier.create(registry.drained()).expectComplete().verify(Duration.ofSeconds(1));
    }

    @Test
    void drainedDoesNotCompleteBeforeShutdown() {
        Conn a = new Conn();
        registry.admit(accepted);
        registry.add(a);
        registry.remove(a);
        StepVerifier.withVirtualTime(registry::drained).expectSubscription().expectNoEvent(Duration.ofSeconds(1))
                .thenCancel().verify();
    }

    private static Accepted accepted() {
        ByteBuf in = Unpooled.copiedBuffer(RawClient.upgradeRequest("/stream"), StandardCharsets.US_ASCII);
        try {
            return (Accepted) UpgradeValidator.forPaths(List.of("/stream"))
                    .validate(new HttpHeadParser(4096).parseRequest(in));
        } finally {
            in.release();
        }
    }

    /** Only identity matters to the registry. */
    private static final class Conn implements WebSocketConnection {
        @Override public HandshakeRequest request() { throw new UnsupportedOperationException(); }
        @Override public Flux<WsMessage> receive() { return Flux.empty(); }
        @Override public Mono<Void> send(Publisher<WsMessage> messages) { return Mono.empty(); }
        @Override public Channel channel() { throw new UnsupportedOperationException(); }
        @Override public void close(CloseCode code, String reason) { }
        @Override public Mono<CloseStatus> onClose() { return Mono.never(); }
        @Override public boolean isOpen() { return true; }
    }
}
