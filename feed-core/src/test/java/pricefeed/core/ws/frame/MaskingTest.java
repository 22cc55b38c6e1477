package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Masking against a byte-at-a-time reference, for every length, key offset and kind of buffer. */
class MaskingTest {

    private static final int KEY = 0x37fa213d;
    private static final int[] LENGTHS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 31, 33, 100, 1000};

    private static byte[] reference(byte[] clear, int key, int keyOffset) {
        byte[] out = new byte[clear.length];
        for (int i = 0; i < clear.length; i++) {
            int keyByte = (key >>> (24 - 8 * ((i + keyOffset) % 4))) & 0xFF;
            out[i] = (byte) (clear[i] ^ keyByte);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void unmaskMatchesTheReferenceInPlace(BufferKind kind) {
        Random random = new Random(1);
        for (int length : LENGTHS) {
            byte[] clear = new byte[length];
            random.nextBytes(clear);
            for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                ByteBuf buf = kind.holding(clear);
                try {
                    Masking.unmask(buf, 5, length, KEY, keyOffset);
                    assertArrayEquals(reference(clear, KEY, keyOffset), ByteBufUtil.getBytes(buf, 5, length),
                            kind + " length " + length + " keyOffset " + keyOffset);
                    assertEquals("5f5f5f5f5f", ByteBufUtil.hexDump(buf, 0, 5), "bytes before the region untouched");
                    assertEquals(0, buf.readerIndex());
                } finally {
                    buf.release();
                }
            }
        }
    }

    @Test
    void unmaskingInPiecesEqualsUnmaskingAtOnce() {
        byte[] clear = new byte[1000];
        new Random(2).nextBytes(clear);
        byte[] expected = reference(clear, KEY, 0);
        Random cuts = new Random(3);
        for (int round = 0; round < 50; round++) {
            ByteBuf buf = Unpooled.directBuffer(1000).writeBytes(clear);
            int from = 0;
            while (from < clear.length) {
                int piece = Math.min(clear.length - from, cuts.nextInt(20));
                Masking.unmask(buf, from, piece, KEY, from);
                from += piece;
            }
            assertArrayEquals(expected, ByteBufUtil.getBytes(buf));
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(BufferKind.class)
    void writeMaskedCopiesAndMasksInOnePassFromAnySource(BufferKind kind) {
        Random random = new Random(4);
        for (int length : LENGTHS) {
            byte[] clear = new byte[length];
            random.nextBytes(clear);
            ByteBuf src = kind.holding(clear);
            for (ByteBuf dst : new ByteBuf[] {Unpooled.buffer(1), Unpooled.directBuffer(1), Unpooled.compositeBuffer()}) {
                dst.writeByte(0x55);
                Masking.writeMasked(src, 5, length, KEY, dst);
                assertEquals(1 + length, dst.writerIndex());
                assertArrayEquals(reference(clear, KEY, 0), ByteBufUtil.getBytes(dst, 1, length), kind + " " + length);
                dst.release();
            }
            assertArrayEquals(clear, ByteBufUtil.getBytes(src, 5, length), "source untouched");
            src.release();
        }
    }
}
