package pricefeed.core.json;

/** The {@code code} of an error reply (PROTOCOL.md §4). An error reply never closes the connection. */
public enum ErrorCode {
    /** Not JSON, unknown op, missing or ill-typed field. */
    BAD_REQUEST("bad_request"),
    /** A subscribe named a symbol that does not exist; nothing was subscribed. */
    UNKNOWN_SYMBOL("unknown_symbol"),
    /** A message over one of the server's caps, e.g. too many symbols. */
    LIMIT_EXCEEDED("limit_exceeded");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** @return the code as written on the wire, e.g. {@code bad_request} */
    public String wire() {
        return wire;
    }

    /**
     * @param wire a code as read from the wire
     * @return the matching constant, or {@code null} for a code this version does not know
     */
    public static ErrorCode fromWire(String wire) {
        for (ErrorCode c : values()) {
            if (c.wire.equals(wire)) {
                return c;
            }
        }
        return null;
    }
}
