package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Masking against a byte-at-a-time reference, for every length, start offset and key offset. */
class MaskingTest {

    private static final int KEY = 0x37fa213d;

    private static byte[] reference(byte[] clear, int key, int keyOffset) {
        byte[] out = new byte[clear.length];
        for (int i = 0; i < clear.length; i++) {
            int keyByte = (key >>> (24 - 8 * ((i + keyOffset) % 4))) & 0xFF;
            out[i] = (byte) (clear[i] ^ keyByte);
        }
        return out;
    }

    @Test
    void unmaskMatchesTheReferenceAtEveryLengthAndKeyOffset() {
        Random random = new Random(1);
        for (int length = 0; length <= 40; length++) {
            byte[] clear = new byte[length];
            random.nextBytes(clear);
            for (int keyOffset = 0; keyOffset < 4; keyOffset++) {
                for (boolean direct : new boolean[] {false, true}) {
                    ByteBuf buf = direct ? Unpooled.directBuffer(length + 3) : Unpooled.buffer(length + 3);
                    buf.writeBytes(new byte[3]).writeBytes(clear);
                    Masking.unmask(buf, 3, length, KEY, keyOffset);
                    assertArrayEquals(reference(clear, KEY, keyOffset), ByteBufUtil.getBytes(buf, 3, length),
                            "length " + length + " keyOffset " + keyOffset);
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
            ByteBuf buf = Unpooled.wrappedBuffer(clear.clone());
            int from = 0;
            while (from < clear.length) {
                int piece = Math.min(clear.length - from, cuts.nextInt(20));
                Masking.unmask(buf, from, piece, KEY, from);
                from += piece;
            }
            assertArrayEquals(expected, ByteBufUtil.getBytes(buf));
        }
    }

    @Test
    void writeMaskedCopiesAndMasksInOnePass() {
        Random random = new Random(4);
        for (int length = 0; length <= 40; length++) {
            byte[] clear = new byte[length];
            random.nextBytes(clear);
            ByteBuf src = Unpooled.wrappedBuffer(new byte[2], clear).copy();
            ByteBuf dst = Unpooled.buffer(1).writeByte(0x55);
            Masking.writeMasked(src, 2, length, KEY, dst);
            assertArrayEquals(reference(clear, KEY, 0), ByteBufUtil.getBytes(dst, 1, length));
            assertArrayEquals(clear, ByteBufUtil.getBytes(src, 2, length), "source untouched");
            src.release();
            dst.release();
        }
    }
}
