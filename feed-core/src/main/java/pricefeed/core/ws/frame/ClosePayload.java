package pricefeed.core.ws.frame;

import static pricefeed.core.ws.WebSocketProtocol.CLOSE_CODE_LENGTH;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.ProtocolViolation;

/**
 * A received close frame's payload, validated (RFC 6455 §5.5.1 and §7.4): empty, or a status code that
 * may be on the wire followed by a UTF-8 reason. (A 1-byte payload is refused earlier, from the
 * header.)
 *
 * @param code   the status code, or 1005 (NO_STATUS) for an empty payload
 * @param reason the reason, empty when absent
 */
record ClosePayload(int code, String reason) {

    /**
     * Reads and validates a close payload.
     *
     * @param in        the unmasked payload starts at its reader index, which advances past it
     * @param length    the payload length (0 or at least 2)
     * @param validator a UTF-8 validator to reuse (reset here)
     * @return the code and reason
     * @throws ProtocolViolation 1002 for a code that may not be on the wire, 1007 for a bad reason
     */
    static ClosePayload read(ByteBuf in, int length, Utf8Validator validator) {
        if (length == 0) {
            return new ClosePayload(CloseCode.NO_STATUS.code(), "");
        }
        int start = in.readerIndex();
        int code = in.getUnsignedShort(start);
        if (!CloseCode.isValidOnWire(code)) {
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "invalid close code " + code);
        }
        int reasonStart = start + CLOSE_CODE_LENGTH;
        int reasonLength = length - CLOSE_CODE_LENGTH;
        validator.reset();
        if (!validator.feed(in, reasonStart, reasonLength) || !validator.isComplete()) {
            throw new ProtocolViolation(CloseCode.INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
        String reason = in.toString(reasonStart, reasonLength, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return new ClosePayload(code, reason);
    }
}
