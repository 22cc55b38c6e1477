package pricefeed.simulator.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import pricefeed.core.ws.testing.SteadyAllocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.json.TickHeader;
import pricefeed.core.market.Tick;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hot-path scanner reads exactly what {@link TickHeader#peek} reads, without a String. */
class TickScannerTest {

    private final SymbolTable symbols = new SymbolTable(LoadConstants.MAX_SYMBOLS);
    private final TickScanner scanner = new TickScanner(symbols);

    private static ByteBuf direct(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    @Test
    void readsTicksAndSnapshotsAsTheServerWritesThem() {
        ByteBuf buf = Unpooled.directBuffer();
        try {
            buf.writeByte('x').readerIndex(1);
            ServerMessages.tick(new Tick("AAPL", 2, 1235, 1763712000124001L, 18912, 18915, 18915, 300, 1523700), buf);
            assertTrue(scanner.scan(buf));
            assertFalse(scanner.snapshot);
            assertEquals(0, scanner.symbolId);
            assertEquals(1235, scanner.seq);
            assertEquals(1763712000124001L, scanner.tsMicros);
            assertEquals(1, buf.readerIndex(), "nothing consumed");

            buf.clear();
            ServerMessages.snapshot(new Tick("BTC-USD.X_1", 8, 0, 0, 1, 2, 1, 0, 0), buf);
            assertTrue(scanner.scan(buf));
            assertTrue(scanner.snapshot);
            assertEquals(1, scanner.symbolId);
            assertEquals("BTC-USD.X_1", symbols.name(1));
            assertEquals(0, scanner.seq);
            assertEquals(0, scanner.tsMicros);

            buf.clear();
            ServerMessages.tick(new Tick("AAPL", 2, 1236, 1, 18912, 18915, 18915, 300, 1523700), buf);
            assertTrue(scanner.scan(buf));
            assertEquals(0, scanner.symbolId, "the same symbol, the same id");
        } finally {
            buf.release();
        }
    }

    /** Every input both readers see: what one accepts the other accepts with the same fields. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":1,\"ts\":2,\"bid\":1}",
            "{\"type\":\"snapshot\",\"symbol\":\"A\",\"seq\":0,\"ts\":0,}",
            "{\"type\":\"tick\",\"symbol\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345\",\"seq\":999999999999999999,\"ts\":123456789012345678,\"x\":1}",
            "{\"type\":\"tick\",\"symbol\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456\",\"seq\":1,\"ts\":2,\"x\":1}",
            "{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":1234567890123456789,\"ts\":2,\"x\":1}",
            "{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":1,\"ts\":1234567890123456789,\"x\":1}",
            "{\"type\":\"tick\",\"symbol\":\"\",\"seq\":1,\"ts\":2,\"x\":1}",
            "{\"type\":\"tick\",\"symbol\":\"aapl\",\"seq\":1,\"ts\":2,\"x\":1}",
            "{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":,\"ts\":2,\"x\":1}",
            "{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":-1,\"ts\":2,\"x\":1}",
            "{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":1,\"ts\":2}",
            "{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":1,\"ts\":2",
            "{\"type\":\"tick\",\"symbol\":\"AAPL\",\"seq\":1",
            "{\"type\":\"tick\"",
            "{\"type\": \"tick\",\"symbol\":\"AAPL\",\"seq\":1,\"ts\":2,\"x\":1}",
            "{\"symbol\":\"AAPL\",\"type\":\"tick\",\"seq\":1,\"ts\":2,\"x\":1}",
            "{\"type\":\"heartbeat\",\"ts\":1763712005000000}",
            "{\"type\":\"subscribed\",\"symbols\":[\"*\"],\"epoch\":\"e1\"}",
            "",
            "not json"})
    void agreesWithTickHeaderPeek(String message) {
        ByteBuf buf = direct(message);
        try {
            TickHeader expected = TickHeader.peek(buf);
            boolean scanned = scanner.scan(buf);
            if (expected == null) {
                assertFalse(scanned, message);
                return;
            }
            assertTrue(scanned, message);
            assertEquals(expected, new TickHeader(scanner.snapshot, symbols.name(scanner.symbolId), scanner.seq,
                    scanner.tsMicros));
        } finally {
            buf.release();
        }
    }

    @Test
    void aSymbolBeyondTheLimitIsUntrackedButStillATick() {
        TickScanner small = new TickScanner(new SymbolTable(1));
        ByteBuf a = direct("{\"type\":\"tick\",\"symbol\":\"A\",\"seq\":1,\"ts\":2,\"x\":1}");
        ByteBuf b = direct("{\"type\":\"tick\",\"symbol\":\"B\",\"seq\":3,\"ts\":4,\"x\":1}");
        try {
            assertTrue(small.scan(a));
            assertEquals(0, small.symbolId);
            assertTrue(small.scan(b));
            assertEquals(SymbolTable.UNTRACKED, small.symbolId);
            assertEquals(3, small.seq);
        } finally {
            a.release();
            b.release();
        }
    }

    @Test
    void scanningAKnownSymbolAllocatesNothing() {
        // A direct buffer outside the allocator: the PARANOID leak detector would record every access.
        String json = ServerMessages.json(out -> ServerMessages.tick(
                new Tick("MSFT", 2, 77, 1763712000124001L, 1, 2, 1, 100, 100), out));
        ByteBuffer nio = ByteBuffer.allocateDirect(json.length()).put(json.getBytes(StandardCharsets.US_ASCII)).flip();
        ByteBuf buf = Unpooled.wrappedBuffer(nio);
        try {
            assertTrue(scanner.scan(buf)); // first sight: the one allocation, the symbol's copy
            long[] sum = new long[1];
            int[] rounds = new int[1];
            Runnable scans = () -> {
                for (int i = 0; i < 100_000; i++) {
                    scanner.scan(buf);
                    sum[0] += scanner.seq;
                }
                rounds[0]++;
            };
            long allocated = SteadyAllocation.lastRound(() -> scans, 100_000, 20);
            assertEquals(rounds[0] * 100_000L * 77, sum[0], "every scan read seq 77");
            // Any allocation per scan would be 16 bytes or more each time.
            assertTrue(allocated < 100_000, "allocated " + allocated + " bytes over 100,000 scans");
        } finally {
            buf.release();
        }
    }

    @Test
    void notATickLeavesNothingBehind() {
        ByteBuf buf = direct("{\"type\":\"heartbeat\",\"ts\":1}");
        try {
            assertFalse(scanner.scan(buf));
            assertEquals(0, symbols.size());
            assertNull(TickHeader.peek(buf));
        } finally {
            buf.release();
        }
    }
}
