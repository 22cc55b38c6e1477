package pricefeed.server.stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import pricefeed.core.ws.WsMessage;
import pricefeed.core.ws.testing.LeakWatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Starts a {@link StreamListener} on 127.0.0.1, port 0, with {@code /echo} and a stand-in {@code /stream}
 * that answers every message with an error reply, and shuts it down after each test. Subclasses adjust
 * {@link #config()}. Fails the class if Netty reported a leaked buffer.
 */
@ExtendWith(LeakWatch.class)
abstract class StreamListenerTestBase {

    static final String NOT_IMPLEMENTED = "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"not implemented\"}";
    static final String ALLOWED_ORIGIN = "https://allowed.example";

    /** The stand-in for the market-data endpoint. */
    static final WebSocketHandler STREAM_STAND_IN =
            c -> c.send(c.receive().map(message -> WsMessage.text(NOT_IMPLEMENTED)));

    protected final RecordingEvents events = new RecordingEvents();
    protected StreamListener listener;

    /** @return the listener settings for this test class; short timeouts keep the tests fast */
    StreamListenerConfig config() {
        return StreamListenerConfig.DEFAULTS.withAddress("127.0.0.1", 0)
                .withEchoEnabled(true)
                .withAllowedOrigins(List.of(ALLOWED_ORIGIN))
                .withHandshakeTimeout(Duration.ofMillis(500))
                .withCloseTimeout(Duration.ofMillis(500));
    }

    /** @return the application routes; {@code /echo} comes from the config */
    Map<String, WebSocketHandler> routes() {
        return Map.of("/stream", STREAM_STAND_IN);
    }

    @BeforeEach
    void startListener() {
        listener = StreamListener.bind(config(), routes(), events)
                .block(Duration.ofSeconds(5));
    }

    @AfterEach
    void stopListener() {
        if (listener != null) {
            listener.shutdown(Duration.ofSeconds(1)).block(Duration.ofSeconds(5));
        }
    }

    int port() {
        return listener.port();
    }
}
