package pricefeed.core.ws.frame;

import static pricefeed.core.ws.WebSocketProtocol.B0_FLAG_FIN;
import static pricefeed.core.ws.WebSocketProtocol.B0_MASK_OPCODE;
import static pricefeed.core.ws.WebSocketProtocol.B0_MASK_RSV;
import static pricefeed.core.ws.WebSocketProtocol.B1_FLAG_MASK;
import static pricefeed.core.ws.WebSocketProtocol.B1_MASK_LENGTH;
import static pricefeed.core.ws.WebSocketProtocol.LONG_LENGTH_BYTES;
import static pricefeed.core.ws.WebSocketProtocol.MASK_KEY_LENGTH;
import static pricefeed.core.ws.WebSocketProtocol.OPCODE_BINARY;
import static pricefeed.core.ws.WebSocketProtocol.OPCODE_CLOSE;
import static pricefeed.core.ws.WebSocketProtocol.OPCODE_CONTINUATION;
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
import java.util.Objects;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.ProtocolViolation;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;

/**
 * Turns the bytes of one direction of a WebSocket connection into validated messages and control
 * frames (RFC 6455 §5), for either role. It only parses: it reports to a {@link FrameListener} and
 * throws {@link ProtocolViolation}; what to send back, and when to close, is the session's business.
 *
 * <p>Each header field is checked the moment its bytes are there, in wire order: byte 0 (RSV bits,
 * reserved opcode, fragmented control frame, continuation order), byte 1 (mask bit for our role,
 * control payload over 125, close payload of 1), the extended length (minimal encoding, top bit), and
 * then the frame and message limits (1009), all before a payload byte is buffered. A frame's payload is consumed only once it is complete: until
 * then the bytes stay in the caller's buffer (which must hand them back, followed by new ones, as
 * Netty's {@code ByteToMessageDecoder} cumulation does), but they are already unmasked in place and,
 * for text, UTF-8 checked, so a bad byte fails the connection as soon as it arrives. A message in a
 * single frame is handed out as a retained slice of the caller's buffer without a copy; fragments are
 * copied into one buffer bounded by {@link WebSocketLimits#maxMessageBytes()} (allocated with the
 * input's {@link ByteBuf#alloc() allocator}).
 *
 * <p>After a close frame the decoder is finished and skips all later input, as it does after a
 * violation or {@link #release()}. Not thread-safe: use it from the connection's event loop.
 */
public final class FrameDecoder {

    private enum State {
        /** Waiting for byte 0: FIN, RSV and opcode. */
        READING_OPCODE,
        /** Waiting for byte 1: MASK and the 7-bit length. */
        READING_LENGTH,
        /** Waiting for the 16- or 64-bit length. */
        READING_EXTENDED_LENGTH,
        /** Waiting for the 4-byte masking key. */
        READING_MASK_KEY,
        /** Waiting until the whole payload is in the buffer, unmasking and checking it as it comes. */
        READING_PAYLOAD,
        /** A close frame was decoded or {@link #release()} was called: input is skipped. */
        FINISHED,
        /** A violation was thrown: input is skipped. */
        FAILED
    }

    /** Every frame we accept is masked exactly when this says so; any other frame is a violation. */
    private final boolean maskedInput;
    private final WebSocketLimits limits;
    private final FrameListener listener;
    private final MessageAssembler assembler;
    private final Utf8Validator textUtf8 = new Utf8Validator();
    private final Utf8Validator reasonUtf8 = new Utf8Validator();

    private State state = State.READING_OPCODE;
    private boolean fin;
    private int opcode;
    private int maskKey;
    private int extendedLengthBytes;
    private int payloadLength;
    /** Payload bytes at the front of the input already unmasked (and UTF-8 checked for text). */
    private int prepared;

    /**
     * @param role     our end of the connection: a SERVER requires masked input, a CLIENT refuses it
     * @param limits   frame and message size limits (exceeding them is 1009)
     * @param listener receives every message and control frame; owns every buffer it is handed
     */
    public FrameDecoder(Role role, WebSocketLimits limits, FrameListener listener) {
        this.maskedInput = Objects.requireNonNull(role, "role").expectsMaskedInput();
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.assembler = new MessageAssembler(limits.maxMessageBytes());
    }

    /**
     * Consumes as many bytes of {@code in} as it can; never releases {@code in}; may keep no reference
     * to {@code in} beyond retained slices it hands out. Bytes it leaves unread must be passed again,
     * followed by new ones; they may already have been unmasked in place ({@code in} must be
     * writable: the caller's cumulation buffer is ours to modify). Throws on the first
     * violation, after which the decoder is in a terminal FAILED state: later calls skip all input and
     * report nothing.
     *
     * @param in the received bytes, from its reader index
     * @throws ProtocolViolation when the peer broke the protocol or a limit; it carries the close code
     */
    public void decode(ByteBuf in) {
        try {
            boolean progress = true;
            while (progress) {
                progress = switch (state) {
                    case READING_OPCODE -> readOpcode(in);
                    case READING_LENGTH -> readLength(in);
                    case READING_EXTENDED_LENGTH -> readExtendedLength(in);
                    case READING_MASK_KEY -> readMaskKey(in);
                    case READING_PAYLOAD -> readPayload(in);
                    case FINISHED, FAILED -> skipAll(in);
                };
            }
        } catch (ProtocolViolation violation) {
            state = State.FAILED;
            assembler.release();
            in.skipBytes(in.readableBytes());
            throw violation;
        }
    }

    /** @return whether a violation put the decoder in its terminal FAILED state */
    public boolean isFailed() {
        return state == State.FAILED;
    }

    /**
     * @return true while a fragmented message is open or a frame is partially read (used for
     *         1006/1002 decisions at EOF); false once finished or failed
     */
    public boolean isMidMessage() {
        return switch (state) {
            case READING_OPCODE -> assembler.isOpen();
            case READING_LENGTH, READING_EXTENDED_LENGTH, READING_MASK_KEY, READING_PAYLOAD -> true;
            case FINISHED, FAILED -> false;
        };
    }

    /**
     * @return the memory the fragments of the open message take (0 when none is open); a frame not yet
     *         complete is not counted here, as its bytes are still in the caller's buffer
     */
    public int heldBytes() {
        return assembler.heldBytes();
    }

    /**
     * Frees a partly assembled message and makes later calls skip all input. Call it when the
     * connection ends, whatever state the decoder is in. Idempotent.
     */
    public void release() {
        assembler.release();
        if (state != State.FAILED) {
            state = State.FINISHED;
        }
    }

    private boolean readOpcode(ByteBuf in) {
        if (!in.isReadable()) {
            return false;
        }
        int b0 = in.readUnsignedByte();
        fin = (b0 & B0_FLAG_FIN) != 0;
        opcode = b0 & B0_MASK_OPCODE;
        if ((b0 & B0_MASK_RSV) != 0) {
            throw protocolError("RSV bits set without a negotiated extension");
        }
        if (!isDefinedOpcode(opcode)) {
            throw protocolError("reserved opcode 0x" + Integer.toHexString(opcode));
        }
        if (isControl(opcode)) {
            if (!fin) {
                throw protocolError("fragmented control frame");
            }
        } else if (opcode == OPCODE_CONTINUATION) {
            if (!assembler.isOpen()) {
                throw protocolError("continuation frame without a message to continue");
            }
        } else if (assembler.isOpen()) {
            throw protocolError("new data frame while a fragmented message is open");
        } else if (opcode == OPCODE_TEXT) {
            textUtf8.reset();
        }
        state = State.READING_LENGTH;
        return true;
    }

    private boolean readLength(ByteBuf in) {
        if (!in.isReadable()) {
            return false;
        }
        int b1 = in.readUnsignedByte();
        boolean masked = (b1 & B1_FLAG_MASK) != 0;
        if (masked != maskedInput) {
            throw protocolError(masked ? "masked frame sent to a client" : "unmasked frame sent to a server");
        }
        int length7 = b1 & B1_MASK_LENGTH;
        if (isControl(opcode) && length7 > PAYLOAD_BYTE_MAX) {
            // Refused before the extended length is read: it is either over 125 or not minimal.
            throw protocolError("control frame with an extended length (control payloads are at most "
                    + PAYLOAD_BYTE_MAX + " bytes)");
        }
        if (opcode == OPCODE_CLOSE && length7 == 1) {
            throw protocolError("close frame payload of 1 byte");
        }
        if (length7 == PAYLOAD_SHORT) {
            extendedLengthBytes = SHORT_LENGTH_BYTES;
            state = State.READING_EXTENDED_LENGTH;
        } else if (length7 == PAYLOAD_LONG) {
            extendedLengthBytes = LONG_LENGTH_BYTES;
            state = State.READING_EXTENDED_LENGTH;
        } else {
            acceptLength(length7);
        }
        return true;
    }

    private boolean readExtendedLength(ByteBuf in) {
        if (in.readableBytes() < extendedLengthBytes) {
            return false;
        }
        long length;
        if (extendedLengthBytes == SHORT_LENGTH_BYTES) {
            length = in.readUnsignedShort();
            if (length <= PAYLOAD_BYTE_MAX) {
                throw protocolError("16-bit length for a payload under 126 bytes");
            }
        } else {
            length = in.readLong();
            if (length < 0) {
                throw protocolError("64-bit length with the most significant bit set");
            }
            if (length <= PAYLOAD_SHORT_MAX) {
                throw protocolError("64-bit length for a payload under 65536 bytes");
            }
        }
        acceptLength(length);
        return true;
    }

    /** Checks the limits for a known payload length; nothing of the payload is buffered yet. */
    private void acceptLength(long length) {
        if (!isControl(opcode)) {
            if (length > limits.maxFramePayload()) {
                throw tooBig("frame payload of " + length + " bytes over the limit of " + limits.maxFramePayload());
            }
            long messageLength = assembler.size() + length;
            if (messageLength > limits.maxMessageBytes()) {
                throw tooBig("message of " + messageLength + " bytes over the limit of " + limits.maxMessageBytes());
            }
        }
        payloadLength = (int) length;
        prepared = 0;
        state = maskedInput ? State.READING_MASK_KEY : State.READING_PAYLOAD;
    }

    private boolean readMaskKey(ByteBuf in) {
        if (in.readableBytes() < MASK_KEY_LENGTH) {
            return false;
        }
        maskKey = in.readInt();
        state = State.READING_PAYLOAD;
        return true;
    }

    private boolean readPayload(ByteBuf in) {
        int available = Math.min(in.readableBytes(), payloadLength);
        if (available > prepared) {
            prepare(in, prepared, available - prepared);
            prepared = available;
        }
        if (available < payloadLength) {
            return false;
        }
        state = State.READING_OPCODE;
        deliver(in);
        return true;
    }

    /** Unmasks newly arrived payload bytes in place and feeds text to the UTF-8 check. */
    private void prepare(ByteBuf in, int offset, int length) {
        int index = in.readerIndex() + offset;
        if (maskedInput) {
            Masking.unmask(in, index, length, maskKey, offset);
        }
        if (isTextFrame() && !textUtf8.feed(in, index, length)) {
            throw invalidUtf8("text message is not valid UTF-8");
        }
    }

    private boolean isTextFrame() {
        return opcode == OPCODE_TEXT || (opcode == OPCODE_CONTINUATION && assembler.opcode() == OPCODE_TEXT);
    }

    /** The payload is complete and prepared at the reader index of {@code in}. */
    private void deliver(ByteBuf in) {
        switch (opcode) {
            case OPCODE_TEXT, OPCODE_BINARY -> {
                if (fin) {
                    deliverMessage(opcode, in.readRetainedSlice(payloadLength));
                } else {
                    assembler.begin(opcode, in, payloadLength);
                }
            }
            case OPCODE_CONTINUATION -> {
                assembler.append(in, payloadLength);
                if (fin) {
                    int messageOpcode = assembler.opcode();
                    deliverMessage(messageOpcode, assembler.finish());
                }
            }
            case OPCODE_PING -> listener.onPing(in.readRetainedSlice(payloadLength));
            case OPCODE_PONG -> listener.onPong(in.readRetainedSlice(payloadLength));
            case OPCODE_CLOSE -> deliverClose(in);
            default -> throw new IllegalStateException("opcode passed the header checks: " + opcode);
        }
    }

    private void deliverMessage(int messageOpcode, ByteBuf message) {
        if (messageOpcode == OPCODE_TEXT) {
            if (!textUtf8.isComplete()) {
                message.release();
                throw invalidUtf8("text message ends inside a UTF-8 sequence");
            }
            listener.onText(message);
        } else {
            listener.onBinary(message);
        }
    }

    private void deliverClose(ByteBuf in) {
        ClosePayload close = ClosePayload.read(in, payloadLength, reasonUtf8);
        // Nothing may follow a close frame; an open message is abandoned.
        assembler.release();
        state = State.FINISHED;
        listener.onClose(close.code(), close.reason());
    }

    private static boolean skipAll(ByteBuf in) {
        in.skipBytes(in.readableBytes());
        return false;
    }

    private static ProtocolViolation protocolError(String reason) {
        return new ProtocolViolation(CloseCode.PROTOCOL_ERROR, reason);
    }

    private static ProtocolViolation invalidUtf8(String reason) {
        return new ProtocolViolation(CloseCode.INVALID_PAYLOAD, reason);
    }

    private static ProtocolViolation tooBig(String reason) {
        return new ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, reason);
    }
}
