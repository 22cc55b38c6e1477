package pricefeed.core.ws;

/**
 * Every RFC 6455 wire constant in one place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-------+-+-------------+-------------------------------+
 * |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 * |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 * |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 * | |1|2|3|       |K|             |                               |
 * +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 * |     Extended payload length continued, if payload len == 127  |
 * + - - - - - - - - - - - - - - - +-------------------------------+
 * |                               |Masking-key, if MASK set to 1  |
 * +-------------------------------+-------------------------------+
 * | Masking-key (continued)       |          Payload Data         |
 * +-------------------------------- - - - - - - - - - - - - - - - +
 * </pre>
 */
public final class WebSocketProtocol {

    private WebSocketProtocol() {
    }

    /** First byte: this frame is the last of its message. */
    public static final int B0_FLAG_FIN = 0b1000_0000;
    /** First byte: reserved bit 1 (only meaningful with a negotiated extension; we negotiate none). */
    public static final int B0_FLAG_RSV1 = 0b0100_0000;
    /** First byte: reserved bit 2. */
    public static final int B0_FLAG_RSV2 = 0b0010_0000;
    /** First byte: reserved bit 3. */
    public static final int B0_FLAG_RSV3 = 0b0001_0000;
    /** First byte: all three reserved bits. */
    public static final int B0_MASK_RSV = B0_FLAG_RSV1 | B0_FLAG_RSV2 | B0_FLAG_RSV3;
    /** First byte: the opcode nibble. */
    public static final int B0_MASK_OPCODE = 0b0000_1111;
    /** Second byte: the payload is masked with a 4-byte key. */
    public static final int B1_FLAG_MASK = 0b1000_0000;
    /** Second byte: the 7-bit payload length (or a marker for a longer one). */
    public static final int B1_MASK_LENGTH = 0b0111_1111;

    /** Opcode: continuation of a fragmented message. */
    public static final int OPCODE_CONTINUATION = 0x0;
    /** Opcode: text message (UTF-8). */
    public static final int OPCODE_TEXT = 0x1;
    /** Opcode: binary message. */
    public static final int OPCODE_BINARY = 0x2;
    /** Opcode: connection close. */
    public static final int OPCODE_CLOSE = 0x8;
    /** Opcode: ping. */
    public static final int OPCODE_PING = 0x9;
    /** Opcode: pong. */
    public static final int OPCODE_PONG = 0xA;
    /** Opcodes with this bit set are control frames. */
    public static final int OPCODE_FLAG_CONTROL = 0x8;

    /** The largest payload that fits the 7-bit length field; also the control-frame payload cap. */
    public static final int PAYLOAD_BYTE_MAX = 125;
    /** 7-bit length marker: a 16-bit length follows. */
    public static final int PAYLOAD_SHORT = 126;
    /** The largest payload a 16-bit length carries. */
    public static final int PAYLOAD_SHORT_MAX = 0xFFFF;
    /** 7-bit length marker: a 64-bit length follows. */
    public static final int PAYLOAD_LONG = 127;
    /** Size of the masking key. */
    public static final int MASK_KEY_LENGTH = 4;
    /** Longest possible frame header: 2 + 8 length bytes + 4 mask bytes. */
    public static final int MAX_HEADER_LENGTH = 14;
    /** Size of the fixed part of every header: the flags/opcode byte and the mask/length byte. */
    public static final int BASE_HEADER_LENGTH = 2;
    /** Size of the extended length after the {@link #PAYLOAD_SHORT} marker. */
    public static final int SHORT_LENGTH_BYTES = 2;
    /** Size of the extended length after the {@link #PAYLOAD_LONG} marker. */
    public static final int LONG_LENGTH_BYTES = 8;

    /** Size of the status code that opens a non-empty close payload. */
    public static final int CLOSE_CODE_LENGTH = 2;
    /** The longest close reason in bytes: 125 minus the 2-byte status code. */
    public static final int CLOSE_REASON_MAX = PAYLOAD_BYTE_MAX - CLOSE_CODE_LENGTH;

    /** Appended to the client's key before hashing into {@code Sec-WebSocket-Accept} (RFC 6455 §1.3). */
    public static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The only protocol version we speak. */
    public static final String VERSION = "13";
    /** How many bytes the decoded {@code Sec-WebSocket-Key} must have. */
    public static final int KEY_DECODED_LENGTH = 16;

    /** The subprotocol a client may offer for the JSON market-data protocol. */
    public static final String SUBPROTOCOL_JSON = "pricefeed.v1.json";

    /** @return whether the opcode is a control frame's (close, ping, pong or reserved control) */
    public static boolean isControl(int opcode) {
        return (opcode & OPCODE_FLAG_CONTROL) != 0;
    }

    /**
     * @param opcode a 4-bit opcode
     * @return whether RFC 6455 defines it (0-2 and 8-10); 3-7 and 0xB-0xF are reserved
     */
    public static boolean isDefinedOpcode(int opcode) {
        return (opcode >= OPCODE_CONTINUATION && opcode <= OPCODE_BINARY)
                || (opcode >= OPCODE_CLOSE && opcode <= OPCODE_PONG);
    }
}
