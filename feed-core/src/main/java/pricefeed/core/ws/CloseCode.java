package pricefeed.core.ws;

/**
 * A WebSocket close status code, as a value. The named constants are the codes this project sends or
 * must recognise; any other int is representable through {@link #of(int)}.
 *
 * <p>Which codes exist and which may cross the wire is defined by
 * <a href="https://www.rfc-editor.org/rfc/rfc6455#section-7.4">RFC 6455 §7.4</a> and the IANA
 * "WebSocket Close Code Number Registry" (1012-1014 were registered after the RFC).
 *
 * @param code the numeric status code
 */
public record CloseCode(int code) {

    /** 1000: the purpose of the connection has been fulfilled. */
    public static final CloseCode NORMAL = new CloseCode(1000);
    /** 1001: an endpoint is going away, e.g. a server shutting down. */
    public static final CloseCode GOING_AWAY = new CloseCode(1001);
    /** 1002: the peer broke the protocol. */
    public static final CloseCode PROTOCOL_ERROR = new CloseCode(1002);
    /** 1003: a data type the endpoint cannot accept. */
    public static final CloseCode UNSUPPORTED_DATA = new CloseCode(1003);
    /** 1005: no status code was present; reported locally, never sent. */
    public static final CloseCode NO_STATUS = new CloseCode(1005);
    /** 1006: the connection closed without a close frame; reported locally, never sent. */
    public static final CloseCode ABNORMAL = new CloseCode(1006);
    /** 1007: message data inconsistent with its type, e.g. invalid UTF-8 in a text message. */
    public static final CloseCode INVALID_PAYLOAD = new CloseCode(1007);
    /** 1008: a message violates policy; we use it for "slow consumer". */
    public static final CloseCode POLICY_VIOLATION = new CloseCode(1008);
    /** 1009: a message too big to process. */
    public static final CloseCode MESSAGE_TOO_BIG = new CloseCode(1009);
    /** 1010: the client expected an extension the server did not negotiate. */
    public static final CloseCode MANDATORY_EXTENSION = new CloseCode(1010);
    /** 1011: the server met an unexpected condition. */
    public static final CloseCode INTERNAL_ERROR = new CloseCode(1011);
    /** 1013 (IANA registry): the server is overloaded for now; the client may connect again later. */
    public static final CloseCode TRY_AGAIN_LATER = new CloseCode(1013);

    public CloseCode {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("close code out of 16-bit range: " + code);
        }
    }

    /**
     * @param code a numeric status code
     * @return the value for that code
     */
    public static CloseCode of(int code) {
        switch (code) {
            case 1000: return NORMAL;
            case 1001: return GOING_AWAY;
            case 1002: return PROTOCOL_ERROR;
            case 1007: return INVALID_PAYLOAD;
            case 1008: return POLICY_VIOLATION;
            case 1009: return MESSAGE_TOO_BIG;
            case 1011: return INTERNAL_ERROR;
            case 1013: return TRY_AGAIN_LATER;
            default: return new CloseCode(code);
        }
    }

    /**
     * Whether a peer may put this code in a close frame: 1000-1003, 1007-1014, and the 3000-4999 range
     * for libraries and applications. 1004-1006 and 1015 are reserved and must never be on the wire.
     *
     * @param code a status code read from a close frame
     * @return true if receiving it is legal
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /** @return whether this code may be sent in a close frame (see {@link #isValidOnWire(int)}) */
    public boolean maySend() {
        return isValidOnWire(code);
    }

    @Override
    public String toString() {
        return Integer.toString(code);
    }
}
