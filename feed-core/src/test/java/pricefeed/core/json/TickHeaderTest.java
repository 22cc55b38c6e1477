package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.market.Tick;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TickHeaderTest {

    @Test
    void theScannerLeavesTheSymbolInPlaceWithItsStringHash() {
        ByteBuf buf = Buffers.HEAP.allocate();
        try {
            ServerMessages.tick(ServerMessagesTest.AAPL_TICK, buf);
            TickHeaderScanner scanner = new TickHeaderScanner();
            assertTrue(scanner.scan(buf));
            assertEquals("AAPL", new String(scanner.bytes(), scanner.symbolStart(), scanner.symbolLength(),
                    StandardCharsets.US_ASCII));
            assertEquals("AAPL".hashCode(), scanner.symbolHash());
            assertEquals(1235, scanner.seq());
            assertEquals(1763712000124001L, scanner.tsMicros());
            assertFalse(scanner.snapshot());
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void peeksTicksAndSnapshotsAsWeWriteThem(Buffers kind) {
        ByteBuf buf = kind.allocate();
        try {
            buf.writeByte('x');
            buf.readerIndex(1);
            ServerMessages.tick(ServerMessagesTest.AAPL_TICK, buf);
            assertEquals(new TickHeader(false, "AAPL", 1235, 1763712000124001L), TickHeader.peek(buf));
            assertEquals(1, buf.readerIndex());
            buf.clear();
            ServerMessages.snapshot(new Tick("BTC-USD.X_1", 8, 0, 0, 1, 2, 1, 0, 0), buf);
            assertEquals(new TickHeader(true, "BTC-USD.X_1", 0, 0), TickHeader.peek(buf));
        } finally {
            buf.release();
        }
    }

    @Test
    void agreesWithTheFullParserOnTheLongestValues() {
        Tick tick = new Tick("X".repeat(32), 2, 999_999_999_999_999_999L, 999_999_999_999_999_999L, 1, 2, 1, 1, 1);
        ByteBuf buf = Buffers.HEAP.allocate();
        try {
            ServerMessages.tick(tick, buf);
            assertEquals(new TickHeader(false, tick.symbol(), tick.seq(), tick.tsMicros()), TickHeader.peek(buf));
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "{\"type\":\"tick\"",
            "{\"type\":\"heartbeat\",\"ts\":1}",
            "{\"type\":\"tick\",\"symbol\":\"\",\"seq\":1,\"ts\":2,\"bid\":1}",
            "{\"type\":\"tick\",\"symbol\":\"aapl\",\"seq\":1,\"ts\":2,\"bid\":1}",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":-1,\"ts\":2,\"bid\":1}",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1,\"ts\":2}",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1,\"ts\":2",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1.5,\"ts\":2,\"bid\":1}",
            "{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1234567890123456789,\"ts\":2,\"bid\":1}",
            "{\"type\":\"tick\",\"symbol\":\"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\",\"seq\":1,\"ts\":2,\"bid\":1}",
            "{\"symbol\":\"A\",\"type\":\"tick\",\"seq\":1,\"ts\":2,\"bid\":1}",
            "{ \"type\":\"tick\",\"symbol\":\"A\",\"seq\":1,\"ts\":2,\"bid\":1}",
    })
    void anythingElseIsNotATick(String json) {
        for (Buffers kind : List.of(Buffers.HEAP, Buffers.DIRECT)) {
            ByteBuf buf = kind.of(json);
            try {
                assertNull(TickHeader.peek(buf), kind.name());
            } finally {
                buf.release();
            }
        }
    }
}
