package pricefeed.core.ws.frame;

import static pricefeed.core.ws.WebSocketProtocol.B0_FLAG_FIN;
import static pricefeed.core.ws.WebSocketProtocol.B1_FLAG_MASK;
import static pricefeed.core.ws.WebSocketProtocol.BASE_HEADER_LENGTH;
import static pricefeed.core.ws.WebSocketProtocol.CLOSE_CODE_LENGTH;
import static pricefeed.core.ws.WebSocketProtocol.CLOSE_REASON_MAX;
import static pricefeed.core.ws.WebSocketProtocol.LONG_LENGTH_BYTES;
import static pricefeed.core.ws.WebSocketProtocol.MASK_KEY_LENGTH;
import static pricefeed.core.ws.WebSocketProtocol.OPCODE_BINARY;
import static pricefeed.core.ws.WebSocketProtocol.OPCODE_CLOSE;
import static pricefeed.core.ws.WebSocketProtocol.OPCODE_PING;
import static pricefeed.core.ws.WebSocketProtocol.OPCODE_PONG;
import static pricefeed.core.ws.WebSocketProtocol.OPCODE_TEXT;
import static pricefeed.core.ws.WebSocketProtocol.PAYLOAD_BYTE_MAX;
import static pricefeed.core.ws.WebSocketProtocol.PAYLOAD_LONG;
import static pricefeed.core.ws.WebSocketProtocol.PAYLOAD_SHORT;
import static pricefeed.core.ws.WebSocketProtocol.PAYLOAD_SHORT_MAX;
import static pricefeed.core.ws.WebSocketProtocol.SHORT_LENGTH_BYTES;
import static pricefeed.core.ws.WebSocketProtocol.isControl;
import static pricefeed.core.ws.WebSocketProtocol.isDefinedOpcode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Random;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.Role;

/**
 * Writes RFC 6455 frames for one role. A CLIENT masks every frame with a fresh key from its random
 * source; a SERVER never masks, so one encoded server frame can be shared by any number of connections
 * ({@code retainedDuplicate()}). Each method returns a whole frame in one new buffer.
 *
 * <p>Arguments that would make an invalid frame (a reserved opcode, a fragmented or oversized control
 * frame, a close code that may not be sent) are our own misuse: {@link IllegalArgumentException}.
 * Thread-safe if the random source is (SecureRandom and Random are).
 */
public final class FrameEncoder {

    private final Role role;
    private final Random maskRandom;

    /**
     * @param role       CLIENT masks every frame, SERVER never does
     * @param maskRandom a CLIENT's source of 4-byte keys, one per frame (SecureRandom in production, a
     *                   seeded Random in tests); unused, and may be null, for a SERVER
     */
    public FrameEncoder(Role role, Random maskRandom) {
        this.role = Objects.requireNonNull(role, "role");
        if (role.masksOutput()) {
            Objects.requireNonNull(maskRandom, "a client needs a random source for mask keys");
        }
        this.maskRandom = maskRandom;
    }

    /**
     * @param payloadLength the payload size in bytes
     * @param masked        whether the frame carries a masking key
     * @return the size of the header for such a frame: 2, 4 or 10 bytes, plus 4 when masked
     */
    public static int headerLength(long payloadLength, boolean masked) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length: " + payloadLength);
        }
        int length = BASE_HEADER_LENGTH;
        if (payloadLength > PAYLOAD_SHORT_MAX) {
            length += LONG_LENGTH_BYTES;
        } else if (payloadLength > PAYLOAD_BYTE_MAX) {
            length += SHORT_LENGTH_BYTES;
        }
        return masked ? length + MASK_KEY_LENGTH : length;
    }

    /**
     * Writes the header of an unmasked (server) frame, e.g. in front of a payload serialised straight
     * after it, or as the first part of a gathering write.
     *
     * @param out           receives the header at its writer index
     * @param opcode        a defined opcode
     * @param fin           whether this is the last frame of its message
     * @param payloadLength the payload size that will follow
     */
    public static void writeHeader(ByteBuf out, int opcode, boolean fin, int payloadLength) {
        checkFrame(opcode, fin, payloadLength);
        writeFlagsAndLength(out, opcode, fin, payloadLength, 0);
    }

    /**
     * A whole frame in one new buffer from {@code alloc}; does not release or modify {@code payload}.
     *
     * @param alloc   allocates the frame
     * @param opcode  a defined opcode (continuation for the later fragments of a message)
     * @param fin     whether this is the last frame of its message (must be true for control frames)
     * @param payload the readable bytes become the payload (at most 125 for control frames)
     * @return the encoded frame; the caller owns it
     */
    public ByteBuf encode(ByteBufAllocator alloc, int opcode, boolean fin, ByteBuf payload) {
        int length = payload.readableBytes();
        checkFrame(opcode, fin, length);
        boolean masked = role.masksOutput();
        ByteBuf out = alloc.buffer(headerLength(length, masked) + length);
        int key = writePrefix(out, opcode, fin, length);
        if (masked) {
            Masking.writeMasked(payload, payload.readerIndex(), length, key, out);
        } else {
            out.writeBytes(payload, payload.readerIndex(), length);
        }
        return out;
    }

    /**
     * @param alloc allocates the frame
     * @param text  the whole message, written as UTF-8
     * @return a FIN text frame; the caller owns it
     */
    public ByteBuf text(ByteBufAllocator alloc, CharSequence text) {
        int length = ByteBufUtil.utf8Bytes(text);
        boolean masked = role.masksOutput();
        ByteBuf out = alloc.buffer(headerLength(length, masked) + length);
        int key = writePrefix(out, OPCODE_TEXT, true, length);
        int start = out.writerIndex();
        ByteBufUtil.reserveAndWriteUtf8(out, text, length);
        if (masked) {
            Masking.mask(out, start, length, key, 0);
        }
        return out;
    }

    /**
     * @param alloc   allocates the frame
     * @param payload the whole message; not released or modified
     * @return a FIN binary frame; the caller owns it
     */
    public ByteBuf binary(ByteBufAllocator alloc, ByteBuf payload) {
        return encode(alloc, OPCODE_BINARY, true, payload);
    }

    /**
     * @param alloc   allocates the frame
     * @param payload at most 125 bytes; not released or modified
     * @return a ping frame; the caller owns it
     */
    public ByteBuf ping(ByteBufAllocator alloc, ByteBuf payload) {
        return encode(alloc, OPCODE_PING, true, payload);
    }

    /**
     * @param alloc   allocates the frame
     * @param payload at most 125 bytes, usually the ping's; not released or modified
     * @return a pong frame; the caller owns it
     */
    public ByteBuf pong(ByteBufAllocator alloc, ByteBuf payload) {
        return encode(alloc, OPCODE_PONG, true, payload);
    }

    /**
     * @param alloc  allocates the frame
     * @param code   a code that may be sent ({@link CloseCode#maySend()})
     * @param reason at most 123 UTF-8 bytes; null or empty for none
     * @return a close frame; the caller owns it
     */
    public ByteBuf close(ByteBufAllocator alloc, CloseCode code, String reason) {
        if (!code.maySend()) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        String text = reason == null ? "" : reason;
        int reasonLength = ByteBufUtil.utf8Bytes(text);
        if (reasonLength > CLOSE_REASON_MAX) {
            throw new IllegalArgumentException(
                    "close reason of " + reasonLength + " bytes over " + CLOSE_REASON_MAX + ": " + text);
        }
        int length = CLOSE_CODE_LENGTH + reasonLength;
        boolean masked = role.masksOutput();
        ByteBuf out = alloc.buffer(headerLength(length, masked) + length);
        int key = writePrefix(out, OPCODE_CLOSE, true, length);
        int start = out.writerIndex();
        out.writeShort(code.code());
        out.writeCharSequence(text, StandardCharsets.UTF_8);
        if (masked) {
            Masking.mask(out, start, length, key, 0);
        }
        return out;
    }

    /** Writes the header and, for a client, a fresh key; returns the key (0 when unmasked). */
    private int writePrefix(ByteBuf out, int opcode, boolean fin, int length) {
        if (!role.masksOutput()) {
            writeFlagsAndLength(out, opcode, fin, length, 0);
            return 0;
        }
        int key = maskRandom.nextInt();
        writeFlagsAndLength(out, opcode, fin, length, B1_FLAG_MASK);
        out.writeInt(key);
        return key;
    }

    private static void checkFrame(int opcode, boolean fin, int payloadLength) {
        if (!isDefinedOpcode(opcode)) {
            throw new IllegalArgumentException("not a defined opcode: " + opcode);
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length: " + payloadLength);
        }
        if (isControl(opcode)) {
            if (!fin) {
                throw new IllegalArgumentException("control frames cannot be fragmented");
            }
            if (payloadLength > PAYLOAD_BYTE_MAX) {
                throw new IllegalArgumentException(
                        "control frame payload of " + payloadLength + " bytes over " + PAYLOAD_BYTE_MAX);
            }
        }
    }

    private static void writeFlagsAndLength(ByteBuf out, int opcode, boolean fin, int length, int maskFlag) {
        out.writeByte((fin ? B0_FLAG_FIN : 0) | opcode);
        if (length <= PAYLOAD_BYTE_MAX) {
            out.writeByte(maskFlag | length);
        } else if (length <= PAYLOAD_SHORT_MAX) {
            out.writeByte(maskFlag | PAYLOAD_SHORT);
            out.writeShort(length);
        } else {
            out.writeByte(maskFlag | PAYLOAD_LONG);
            out.writeLong(length);
        }
    }
}
