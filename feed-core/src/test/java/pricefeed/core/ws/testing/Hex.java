package pricefeed.core.ws.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/** Hex strings and bytes, for writing wire data in tests the way the RFC prints it. */
public final class Hex {

    private Hex() {
    }

    /**
     * @param hex pairs of hex digits; spaces, newlines and an optional {@code 0x} per pair are ignored
     * @return the bytes
     */
    public static byte[] bytes(String hex) {
        String digits = hex.replace("0x", "").replaceAll("\\s+", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + hex);
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits, 2 * i, 2 * i + 2, 16);
        }
        return out;
    }

    /**
     * @param alloc allocates the buffer
     * @param hex   as for {@link #bytes(String)}
     * @return a new buffer holding the bytes; the caller releases it
     */
    public static ByteBuf buf(ByteBufAllocator alloc, String hex) {
        byte[] bytes = bytes(hex);
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    /**
     * @param bytes any bytes
     * @return lower-case hex, no separators
     */
    public static String of(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }

    /**
     * @param buf its readable bytes are dumped; indices are not changed
     * @return lower-case hex, no separators
     */
    public static String of(ByteBuf buf) {
        return ByteBufUtil.hexDump(buf);
    }
}
