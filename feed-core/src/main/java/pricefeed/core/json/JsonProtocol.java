package pricefeed.core.json;

/**
 * Every name and bound of the {@code /stream} JSON messages (PROTOCOL.md §4) in one place.
 */
public final class JsonProtocol {

    private JsonProtocol() {
    }

    /** Client field: the operation. */
    public static final String FIELD_OP = "op";
    /** Client and server field: the request id, echoed verbatim in the reply. */
    public static final String FIELD_ID = "id";
    /** Client and server field: a list of symbols (server {@code symbols} reply: a list of specs). */
    public static final String FIELD_SYMBOLS = "symbols";
    /** Client field: symbol to last seen seq, for a resume. */
    public static final String FIELD_FROM = "from";
    /** Client and server field: the tick source run. */
    public static final String FIELD_EPOCH = "epoch";
    /** Client field: the conflation interval. */
    public static final String FIELD_THROTTLE_MS = "throttleMs";
    /** Server field: the message type. */
    public static final String FIELD_TYPE = "type";
    /** Server field: one symbol. */
    public static final String FIELD_SYMBOL = "symbol";
    /** Server field: a symbol's decimals (in the {@code symbols} reply). */
    public static final String FIELD_DECIMALS = "decimals";
    /** Server field: per-symbol sequence number. */
    public static final String FIELD_SEQ = "seq";
    /** Server field: microseconds since the Unix epoch. */
    public static final String FIELD_TS = "ts";
    /** Server field: best bid. */
    public static final String FIELD_BID = "bid";
    /** Server field: best ask. */
    public static final String FIELD_ASK = "ask";
    /** Server field: last trade price. */
    public static final String FIELD_LAST = "last";
    /** Server field: last trade size. */
    public static final String FIELD_SIZE = "size";
    /** Server field: cumulative volume. */
    public static final String FIELD_VOLUME = "volume";
    /** Server field: an error code (see {@link ErrorCode}). */
    public static final String FIELD_CODE = "code";
    /** Server field: a human-readable error message. */
    public static final String FIELD_MESSAGE = "message";

    /** Op: subscribe to symbols. */
    public static final String OP_SUBSCRIBE = "subscribe";
    /** Op: unsubscribe from symbols. */
    public static final String OP_UNSUBSCRIBE = "unsubscribe";
    /** Op: list the symbols. */
    public static final String OP_SYMBOLS = "symbols";
    /** Op: application-level ping. */
    public static final String OP_PING = "ping";

    /** Type: a live tick. */
    public static final String TYPE_TICK = "tick";
    /** Type: a symbol's latest state. */
    public static final String TYPE_SNAPSHOT = "snapshot";
    /** Type: reply to subscribe. */
    public static final String TYPE_SUBSCRIBED = "subscribed";
    /** Type: reply to unsubscribe. */
    public static final String TYPE_UNSUBSCRIBED = "unsubscribed";
    /** Type: reply to the symbols op. */
    public static final String TYPE_SYMBOLS = "symbols";
    /** Type: reply to ping. */
    public static final String TYPE_PONG = "pong";
    /** Type: sent on an otherwise idle connection. */
    public static final String TYPE_HEARTBEAT = "heartbeat";
    /** Type: an error reply. */
    public static final String TYPE_ERROR = "error";

    /** The wildcard symbol: all symbols, also ones added later. */
    public static final String ALL_SYMBOLS = "*";

    /** {@code throttleMs} value meaning "no throttle". */
    public static final int THROTTLE_NONE = 0;
    /** Smallest non-zero {@code throttleMs}. */
    public static final int THROTTLE_MIN_MS = 10;
    /** Largest {@code throttleMs}. */
    public static final int THROTTLE_MAX_MS = 60_000;

    /** Default cap on symbols (and {@code from} entries) in one client message; over it: limit_exceeded. */
    public static final int DEFAULT_MAX_SYMBOLS = 10_000;
    /**
     * How deep a client message may nest. Ours need 2; unknown extra fields may bring their own structure,
     * but nothing legitimate nests this deep, and the cap bounds the parser's work on hostile input.
     */
    public static final int MAX_NESTING_DEPTH = 32;
    /**
     * Longest field name a client message may use. Ours are short, and {@code from}'s are symbols of at most
     * 32 characters. The parser keeps every new name in a table shared by all connections until it holds a
     * few thousand of them; at Jackson's default of 50,000 characters a name, one client sending a new long
     * name per message pinned hundreds of MB and made each parse copy the whole table.
     */
    public static final int MAX_FIELD_NAME_LENGTH = 256;

    /**
     * @param throttleMs a requested conflation interval
     * @return whether it is 0 or within {@value #THROTTLE_MIN_MS}..{@value #THROTTLE_MAX_MS}
     */
    public static boolean isValidThrottle(long throttleMs) {
        return throttleMs == THROTTLE_NONE || (throttleMs >= THROTTLE_MIN_MS && throttleMs <= THROTTLE_MAX_MS);
    }
}
