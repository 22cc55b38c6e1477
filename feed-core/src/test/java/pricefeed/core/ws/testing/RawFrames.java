package pricefeed.core.ws.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import pricefeed.core.ws.Role;

/**
 * Builds arbitrary frames byte by byte, valid or not: any FIN/RSV/opcode, a mask key or none, and a
 * length written in the encoding you choose, even a non-minimal one or one that lies about the
 * payload. Deliberately independent of the production encoder (it masks with a plain byte loop), so
 * tests can check one against the other.
 *
 * <pre>{@code
 * byte[] frame = RawFrames.frame(0x1).fin(false).mask(0x37fa213d).payload("Hel").bytes();
 * byte[] bad = RawFrames.frame(0x2).longLength().declaredLength(-1).bytes();
 * }</pre>
 */
public final class RawFrames {

    /** How the payload length is written. */
    public enum LengthEncoding {
        /** The shortest form (the RFC's only legal one). */
        MINIMAL,
        /** The 7-bit field alone (the declared length is truncated to 7 bits). */
        SEVEN_BIT,
        /** Marker 126 plus a 16-bit length. */
        SIXTEEN_BIT,
        /** Marker 127 plus a 64-bit length. */
        SIXTY_FOUR_BIT
    }

    private boolean fin = true;
    private int rsv;
    private int opcode;
    private boolean masked;
    private byte[] maskKey = new byte[4];
    private byte[] payload = new byte[0];
    private LengthEncoding encoding = LengthEncoding.MINIMAL;
    private Long declaredLength;

    private RawFrames(int opcode) {
        this.opcode = opcode;
    }

    /**
     * @param opcode the 4-bit opcode (any value, reserved ones included)
     * @return a builder for a FIN, unmasked frame with an empty payload
     */
    public static RawFrames frame(int opcode) {
        return new RawFrames(opcode);
    }

    /**
     * @param receiver the role that reads the frame: a server gets it masked, a client unmasked
     * @param maskKeys where a masked frame's key comes from
     * @param opcode   the 4-bit opcode
     * @return a builder for a FIN frame with an empty payload, as {@code receiver} must receive it
     */
    public static RawFrames frameTo(Role receiver, Random maskKeys, int opcode) {
        RawFrames frame = frame(opcode);
        return receiver == Role.SERVER ? frame.mask(maskKeys.nextInt()) : frame;
    }

    /**
     * @param code   a close code, written as two big-endian bytes
     * @param reason the reason after it, UTF-8
     * @return a close frame's payload
     */
    public static byte[] closePayload(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return payload;
    }

    /**
     * @param parts frames or any bytes
     * @return them one after the other
     */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * @param value the FIN bit
     * @return this
     */
    public RawFrames fin(boolean value) {
        fin = value;
        return this;
    }

    /**
     * @param bits the three RSV bits as a number 0-7 (RSV1 is 4)
     * @return this
     */
    public RawFrames rsv(int bits) {
        rsv = bits & 0b111;
        return this;
    }

    /**
     * @param value the opcode nibble
     * @return this
     */
    public RawFrames opcode(int value) {
        opcode = value;
        return this;
    }

    /**
     * @param key the masking key, big-endian (key byte 0 is the top byte)
     * @return this
     */
    public RawFrames mask(int key) {
        masked = true;
        maskKey = new byte[] {(byte) (key >>> 24), (byte) (key >>> 16), (byte) (key >>> 8), (byte) key};
        return this;
    }

    /**
     * @param bytes the payload in the clear (masked when written, if a key is set)
     * @return this
     */
    public RawFrames payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    /**
     * @param text the payload as UTF-8
     * @return this
     */
    public RawFrames payload(String text) {
        return payload(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param hex the payload as hex (see {@link Hex#bytes(String)})
     * @return this
     */
    public RawFrames payloadHex(String hex) {
        return payload(Hex.bytes(hex));
    }

    /**
     * @param value how to write the length
     * @return this
     */
    public RawFrames lengthEncoding(LengthEncoding value) {
        encoding = value;
        return this;
    }

    /** @return this, with the length forced into the 16-bit form */
    public RawFrames shortLength() {
        return lengthEncoding(LengthEncoding.SIXTEEN_BIT);
    }

    /** @return this, with the length forced into the 64-bit form */
    public RawFrames longLength() {
        return lengthEncoding(LengthEncoding.SIXTY_FOUR_BIT);
    }

    /**
     * @param length the length to write instead of the payload's (e.g. a huge or negative one); the
     *               payload bytes are still written as they are
     * @return this
     */
    public RawFrames declaredLength(long length) {
        declaredLength = length;
        return this;
    }

    /** @return the frame's bytes */
    public byte[] bytes() {
        long length = declaredLength != null ? declaredLength : payload.length;
        LengthEncoding form = encoding == LengthEncoding.MINIMAL ? minimal(length) : encoding;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | (opcode & 0x0F));
        int maskBit = masked ? 0x80 : 0;
        switch (form) {
            case SIXTEEN_BIT -> {
                out.write(maskBit | 126);
                writeBigEndian(out, length, 2);
            }
            case SIXTY_FOUR_BIT -> {
                out.write(maskBit | 127);
                writeBigEndian(out, length, 8);
            }
            default -> out.write(maskBit | (int) (length & 0x7F));
        }
        if (masked) {
            out.writeBytes(maskKey);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(masked ? payload[i] ^ maskKey[i % 4] : payload[i]);
        }
        return out.toByteArray();
    }

    /**
     * @param alloc allocates the buffer
     * @return the frame in a new buffer; the caller releases it
     */
    public ByteBuf buf(ByteBufAllocator alloc) {
        byte[] bytes = bytes();
        return alloc.buffer(bytes.length).writeBytes(bytes);
    }

    private static LengthEncoding minimal(long length) {
        if (length >= 0 && length <= 125) {
            return LengthEncoding.SEVEN_BIT;
        }
        return length >= 0 && length <= 0xFFFF ? LengthEncoding.SIXTEEN_BIT : LengthEncoding.SIXTY_FOUR_BIT;
    }

    private static void writeBigEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
    }
}
