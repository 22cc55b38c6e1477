package pricefeed.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pricefeed.core.market.Tick;
import pricefeed.core.ws.testing.LeakWatch;
import pricefeed.core.ws.testing.SteadyAllocation;

/**
 * The load client scans every message it reads, so the scan must allocate nothing for any buffer a message
 * can arrive in: above all a decoder's slice of a read buffer, which is what the client role hands out. Asking
 * a slice for its NIO view made a new ByteBuffer per message (64 bytes, most of what the load client
 * allocated). These tests also run without {@code sun.misc.Unsafe} (a surefire execution of their own), where
 * Netty's copies take other paths.
 */
class TickHeaderScannerAllocationTest {

    private static final int SCANS = 100_000;
    private static final long SEQ = 77;

    enum Kind {
        UNPOOLED_ROOT(new UnpooledByteBufAllocator(true), false),
        ADAPTIVE_ROOT(new AdaptiveByteBufAllocator(), false),
        POOLED_ROOT(new PooledByteBufAllocator(true), false),
        ADAPTIVE_SLICE(new AdaptiveByteBufAllocator(), true),
        POOLED_SLICE(new PooledByteBufAllocator(true), true),
        HEAP_SLICE(new UnpooledByteBufAllocator(false), true);

        private final ByteBufAllocator allocator;
        private final boolean slice;

        Kind(ByteBufAllocator allocator, boolean slice) {
            this.allocator = allocator;
            this.slice = slice;
        }

        /** The message after other bytes in the same buffer, as a read holds several frames. */
        <T> T withMessage(Function<ByteBuf, T> use) {
            ByteBuf root = allocator.buffer(512);
            try {
                root.writeBytes(new byte[] {(byte) 0x81, 100});
                int start = root.writerIndex();
                ServerMessages.tick(new Tick("MSFT", 2, SEQ, 1763712000124001L, 1, 2, 1, 100, 100), root);
                if (!slice) {
                    root.readerIndex(start);
                    return use.apply(root);
                }
                ByteBuf message = root.retainedSlice(start, root.writerIndex() - start);
                try {
                    return use.apply(message);
                } finally {
                    message.release();
                }
            } finally {
                root.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void scanningAllocatesNothingWhateverBufferTheMessageIsIn(Kind kind) {
        TickHeaderScanner scanner = new TickHeaderScanner();
        long[] sum = new long[1];
        int[] rounds = new int[1];
        long[] allocated = new long[1];
        // Bare buffers: under PARANOID every access to a tracked buffer records a trace, which allocates.
        LeakWatch.untracked(() -> allocated[0] = kind.withMessage(message -> {
            assertTrue(scanner.scan(message));
            assertEquals("MSFT", new String(scanner.bytes(), scanner.symbolStart(), scanner.symbolLength(),
                    StandardCharsets.US_ASCII));
            Runnable scans = () -> {
                for (int i = 0; i < SCANS; i++) {
                    scanner.scan(message);
                    sum[0] += scanner.seq();
                }
                rounds[0]++;
            };
            return SteadyAllocation.lastRound(() -> scans, SCANS, 20);
        }));
        assertEquals(rounds[0] * SCANS * SEQ, sum[0], "every scan read seq " + SEQ);
        // Any allocation per scan would be 16 bytes or more each time.
        assertTrue(allocated[0] < SCANS, kind + ": " + allocated[0] + " bytes over " + SCANS + " scans");
    }
}
