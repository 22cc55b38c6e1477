package pricefeed.core.ws.frame;

import io.netty.buffer.ByteBuf;

/**
 * RFC 6455 §5.3 masking: payload byte {@code i} is XORed with key byte {@code i % 4}. XOR is its own
 * inverse, so masking and unmasking are the same operation. The work is done eight bytes at a time
 * with the key widened to a long; {@code keyOffset} says which key byte the first byte meets, so a
 * payload can be processed in pieces as it arrives.
 */
final class Masking {

    private Masking() {
    }

    /**
     * XORs a region in place.
     *
     * @param buf       the bytes to (un)mask; its indices are not changed
     * @param index     the first byte
     * @param length    how many bytes
     * @param key       the 4-byte key as a big-endian int (key byte 0 in the top bits)
     * @param keyOffset the position of the first byte within the payload, modulo 4
     */
    static void unmask(ByteBuf buf, int index, int length, int key, int keyOffset) {
        int rotated = rotate(key, keyOffset);
        long wide = widen(rotated);
        int i = index;
        int end = index + length;
        for (; end - i >= Long.BYTES; i += Long.BYTES) {
            buf.setLong(i, buf.getLong(i) ^ wide);
        }
        if (end - i >= Integer.BYTES) {
            buf.setInt(i, buf.getInt(i) ^ rotated);
            i += Integer.BYTES;
        }
        for (int shift = 24; i < end; i++, shift -= 8) {
            buf.setByte(i, buf.getByte(i) ^ (rotated >>> shift));
        }
    }

    /** Same as {@link #unmask}: masking is the same XOR. */
    static void mask(ByteBuf buf, int index, int length, int key, int keyOffset) {
        unmask(buf, index, length, key, keyOffset);
    }

    /**
     * Copies bytes and masks them in one pass, so a client frame costs one read and one write per
     * payload byte.
     *
     * @param src      the clear bytes; not modified, its indices are not changed
     * @param srcIndex the first byte of {@code src}
     * @param length   how many bytes
     * @param key      the key, starting at key byte 0
     * @param dst      receives the masked bytes at its writer index, which advances by {@code length}
     */
    static void writeMasked(ByteBuf src, int srcIndex, int length, int key, ByteBuf dst) {
        dst.ensureWritable(length);
        long wide = widen(key);
        int from = srcIndex;
        int to = dst.writerIndex();
        int end = srcIndex + length;
        for (; end - from >= Long.BYTES; from += Long.BYTES, to += Long.BYTES) {
            dst.setLong(to, src.getLong(from) ^ wide);
        }
        if (end - from >= Integer.BYTES) {
            dst.setInt(to, src.getInt(from) ^ key);
            from += Integer.BYTES;
            to += Integer.BYTES;
        }
        for (int shift = 24; from < end; from++, to++, shift -= 8) {
            dst.setByte(to, src.getByte(from) ^ (key >>> shift));
        }
        dst.writerIndex(to);
    }

    /** The key as seen from a byte {@code keyOffset} positions into it. */
    private static int rotate(int key, int keyOffset) {
        return Integer.rotateLeft(key, (keyOffset & 3) * Byte.SIZE);
    }

    private static long widen(int key) {
        return ((long) key << Integer.SIZE) | (key & 0xFFFF_FFFFL);
    }
}
