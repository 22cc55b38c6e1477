package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientMessagesTest {

    @Test
    void writesTheProtocolsExamples() {
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\",\"MSFT\"],\"id\":1}",
                ClientMessages.subscribe(JsonId.of(1), List.of("AAPL", "MSFT")));
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}", ClientMessages.subscribe(null, List.of("*")));
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"AAPL\"],\"from\":{\"AAPL\":1200},\"epoch\":\"e7f3\"}",
                ClientMessages.toJson(new ClientMessage.Subscribe(null, List.of("AAPL"), Map.of("AAPL", 1200L), "e7f3", 0)));
        assertEquals("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"throttleMs\":250}",
                ClientMessages.toJson(new ClientMessage.Subscribe(null, List.of("*"), Map.of(), null, 250)));
        assertEquals("{\"op\":\"unsubscribe\",\"symbols\":[\"AAPL\"],\"id\":2}",
                ClientMessages.unsubscribe(JsonId.of(2), List.of("AAPL")));
        assertEquals("{\"op\":\"symbols\",\"id\":3}", ClientMessages.listSymbols(JsonId.of(3)));
        assertEquals("{\"op\":\"ping\",\"id\":4}", ClientMessages.ping(JsonId.of(4)));
        assertEquals("{\"op\":\"ping\"}", ClientMessages.ping(null));
        assertEquals("{\"op\":\"ping\",\"id\":\"a\\\"b\"}", ClientMessages.ping(JsonId.of("a\"b")));
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void everyMessageRoundTripsThroughTheServersParser(Buffers kind) {
        Map<String, Long> from = new LinkedHashMap<>();
        from.put("MSFT", 7L);
        from.put("AAPL", 0L);
        List<ClientMessage> messages = List.of(
                new ClientMessage.Subscribe(JsonId.parse("\"ü\""), List.of("AAPL", "MSFT"), from, "e7f3", 10),
                ClientMessage.Subscribe.of(JsonId.parse("1.5"), List.of("*")),
                new ClientMessage.Unsubscribe(JsonId.of(-3), List.of("A")),
                new ClientMessage.ListSymbols(null),
                new ClientMessage.Ping(JsonId.of("")));
        ClientMessageParser parser = new ClientMessageParser();
        for (ClientMessage message : messages) {
            assertEquals(message, parser.parse(ClientMessages.toJson(message)));
            ByteBuf buf = kind.allocate();
            try {
                ClientMessages.write(message, buf);
                assertEquals(ClientMessages.toJson(message), buf.toString(java.nio.charset.StandardCharsets.UTF_8));
                assertEquals(message, parser.parse(buf));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void messagesCheckTheirArgumentsBecauseABadOneIsOurBug() {
        assertThrows(IllegalArgumentException.class, () -> ClientMessage.Subscribe.of(null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ClientMessage.Unsubscribe(null, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new ClientMessage.Subscribe(null, List.of("A"), Map.of(), null, 5));
        assertThrows(IllegalArgumentException.class,
                () -> new ClientMessage.Subscribe(null, List.of("A"), Map.of("A", -1L), null, 0));
        assertThrows(NullPointerException.class, () -> ClientMessage.Subscribe.of(null, null));
    }

    @Test
    void messagesAreImmutable() {
        ClientMessage.Subscribe s = new ClientMessage.Subscribe(null, new java.util.ArrayList<>(List.of("A")),
                new LinkedHashMap<>(Map.of("A", 1L)), null, 0);
        assertThrows(UnsupportedOperationException.class, () -> s.symbols().add("B"));
        assertThrows(UnsupportedOperationException.class, () -> s.from().put("B", 2L));
    }
}
