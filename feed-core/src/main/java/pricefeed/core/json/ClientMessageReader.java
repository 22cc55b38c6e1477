package pricefeed.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads one client message from a streaming parser: first every field (checking each known one's type as it
 * comes, recording only the first problem and reading on so the reply can still carry the id), then the
 * message the op asks for. One instance per message.
 */
final class ClientMessageReader {

    static final String NOT_AN_OBJECT = "message must be a JSON object";
    static final String OP_NOT_STRING = "op must be a string";
    static final String ID_ILL_TYPED = "id must be a string or a number";
    static final String SYMBOLS_ILL_TYPED = "symbols must be an array of strings";
    static final String SYMBOLS_EMPTY = "symbols must not be empty";
    static final String FROM_ILL_TYPED = "from must map symbols to non-negative integers";
    static final String EPOCH_ILL_TYPED = "epoch must be a string";
    /** Beyond this many decimal places (or powers of ten) a number is not taken as an integer. */
    private static final int MAX_EXACT_SCALE = 20;
    static final String THROTTLE_ILL_TYPED = "throttleMs must be 0 or " + JsonProtocol.THROTTLE_MIN_MS + ".."
            + JsonProtocol.THROTTLE_MAX_MS;

    private static final int SEEN_OP = 1;
    private static final int SEEN_ID = 1 << 1;
    private static final int SEEN_SYMBOLS = 1 << 2;
    private static final int SEEN_FROM = 1 << 3;
    private static final int SEEN_EPOCH = 1 << 4;
    private static final int SEEN_THROTTLE = 1 << 5;

    private final JsonParser p;
    private final int maxSymbols;
    private final IdCapture idCapture;

    private int seen;
    private String op;
    private boolean opIllTyped;
    private JsonId id;
    /** An id token whose following token has not been read yet (see {@link #nextToken()}). */
    private JsonId unconfirmedId;
    private List<String> symbols;
    private Map<String, Long> from;
    private String epoch;
    private int throttleMs;
    private ErrorCode errorCode;
    private String errorMessage;

    ClientMessageReader(JsonParser p, int maxSymbols, IdCapture idCapture) {
        this.p = p;
        this.maxSymbols = maxSymbols;
        this.idCapture = idCapture;
    }

    ClientMessage read() {
        try {
            readFields();
        } catch (StreamConstraintsException e) {
            throw new BadRequest(id, ParseProblems.OVER_PARSER_LIMITS);
        } catch (IOException e) {
            throw new BadRequest(id, ParseProblems.NOT_JSON);
        }
        return build();
    }

    private void readFields() throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new BadRequest(null, ParseProblems.NOT_JSON);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new BadRequest(null, NOT_AN_OBJECT);
        }
        while (nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int bit = bitOf(name);
            if (bit != 0 && (seen & bit) != 0) {
                fail(ErrorCode.BAD_REQUEST, "duplicate field: " + name);
                p.skipChildren();
                continue;
            }
            seen |= bit;
            readField(bit, value);
        }
        // A valid object ends in END_OBJECT here (Jackson reports anything else as malformed); then nothing
        // may follow: a second value is not one message.
        if (p.nextToken() != null) {
            throw new BadRequest(id, ParseProblems.NOT_JSON);
        }
    }

    /**
     * The next token after a field; an id read just before is echoed only from here on. A number is a
     * token before the parser sees what follows it, so in {@code "id":0x10} the id token is {@code 0} and
     * only the next read fails: such text has no id, and echoing {@code 0} would name a request never sent.
     */
    private JsonToken nextToken() throws IOException {
        JsonToken token = p.nextToken();
        if (unconfirmedId != null) {
            id = unconfirmedId;
            unconfirmedId = null;
        }
        return token;
    }

    private static int bitOf(String name) {
        switch (name) {
            case JsonProtocol.FIELD_OP: return SEEN_OP;
            case JsonProtocol.FIELD_ID: return SEEN_ID;
            case JsonProtocol.FIELD_SYMBOLS: return SEEN_SYMBOLS;
            case JsonProtocol.FIELD_FROM: return SEEN_FROM;
            case JsonProtocol.FIELD_EPOCH: return SEEN_EPOCH;
            case JsonProtocol.FIELD_THROTTLE_MS: return SEEN_THROTTLE;
            default: return 0;
        }
    }

    private void readField(int bit, JsonToken value) throws IOException {
        switch (bit) {
            case SEEN_OP:
                if (value == JsonToken.VALUE_STRING) {
                    op = p.getText();
                } else {
                    opIllTyped = true;
                    p.skipChildren();
                }
                break;
            case SEEN_ID:
                if (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT
                        || value == JsonToken.VALUE_NUMBER_FLOAT) {
                    unconfirmedId = idCapture.capture(p);
                } else {
                    fail(ErrorCode.BAD_REQUEST, ID_ILL_TYPED);
                    p.skipChildren();
                }
                break;
            case SEEN_SYMBOLS:
                readSymbols(value);
                break;
            case SEEN_FROM:
                readFrom(value);
                break;
            case SEEN_EPOCH:
                if (value == JsonToken.VALUE_STRING) {
                    epoch = p.getText();
                } else {
                    fail(ErrorCode.BAD_REQUEST, EPOCH_ILL_TYPED);
                    p.skipChildren();
                }
                break;
            case SEEN_THROTTLE:
                long ms = nonNegativeLong(value);
                if (JsonProtocol.isValidThrottle(ms)) {
                    throttleMs = (int) ms;
                } else {
                    fail(ErrorCode.BAD_REQUEST, THROTTLE_ILL_TYPED);
                    p.skipChildren();
                }
                break;
            default:
                p.skipChildren(); // an unknown field: ignored, whatever its shape
        }
    }

    private void readSymbols(JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            fail(ErrorCode.BAD_REQUEST, SYMBOLS_ILL_TYPED);
            p.skipChildren();
            return;
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        int count = 0;
        boolean ok = true;
        JsonToken element;
        while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
            if (ok && ++count > maxSymbols) {
                // Past the cap we only skip: the set never grows beyond maxSymbols entries.
                fail(ErrorCode.LIMIT_EXCEEDED, "too many symbols: at most " + maxSymbols);
                ok = false;
            }
            if (ok && element != JsonToken.VALUE_STRING) {
                fail(ErrorCode.BAD_REQUEST, SYMBOLS_ILL_TYPED);
                ok = false;
            }
            if (ok) {
                distinct.add(p.getText());
            } else {
                p.skipChildren();
            }
        }
        if (ok && distinct.isEmpty()) {
            fail(ErrorCode.BAD_REQUEST, SYMBOLS_EMPTY);
        } else if (ok) {
            symbols = List.copyOf(distinct);
        }
    }

    private void readFrom(JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            fail(ErrorCode.BAD_REQUEST, FROM_ILL_TYPED);
            p.skipChildren();
            return;
        }
        Map<String, Long> seqs = new LinkedHashMap<>();
        int count = 0;
        boolean ok = true;
        while (nextToken() == JsonToken.FIELD_NAME) {
            String symbol = p.currentName();
            JsonToken seqToken = p.nextToken();
            if (ok && ++count > maxSymbols) {
                fail(ErrorCode.LIMIT_EXCEEDED, "too many symbols in from: at most " + maxSymbols);
                ok = false;
            }
            long seq = ok ? nonNegativeLong(seqToken) : -1;
            if (ok && seq < 0) {
                fail(ErrorCode.BAD_REQUEST, FROM_ILL_TYPED);
                ok = false;
            }
            if (ok && seqs.putIfAbsent(symbol, seq) != null) {
                fail(ErrorCode.BAD_REQUEST, "from names a symbol twice: " + ParseProblems.quote(symbol));
                ok = false;
            }
            if (!ok) {
                p.skipChildren();
            }
        }
        if (ok) {
            from = seqs;
        }
    }

    /**
     * @return the integer the parser is on if it is one in 0..Long.MAX_VALUE, else -1. JSON has one
     *         number type, so {@code 100.0} and {@code 1e2} are the integer 100 too; {@code 10.5} is not.
     */
    private long nonNegativeLong(JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_FLOAT) {
            BigDecimal number;
            try {
                number = p.getDecimalValue();
            } catch (NumberFormatException exponentOutOfRange) {
                return -1; // 1e2147483648: no BigDecimal holds it, and no integer we take is that large or small
            }
            return integralOrMinusOne(number);
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            return -1;
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            return -1;
        }
        return Math.max(-1, p.getLongValue());
    }

    private static long integralOrMinusOne(BigDecimal written) {
        // Bounded scale first: making 1e-999999999 exact would cost a billion-digit division. Trailing zeros
        // are dropped before giving up, so 250.000000000000000000000 and 0e-21 are integers too; with at
        // most a thousand digits (the parser's limit) that is cheap.
        BigDecimal number = written;
        if (outOfExactScale(number)) {
            number = number.stripTrailingZeros();
            if (outOfExactScale(number)) {
                return -1;
            }
        }
        try {
            return Math.max(-1, number.longValueExact());
        } catch (ArithmeticException notAnInteger) {
            return -1;
        }
    }

    private static boolean outOfExactScale(BigDecimal number) {
        return number.scale() > MAX_EXACT_SCALE || number.scale() < -MAX_EXACT_SCALE;
    }

    /** Keeps the first problem only: it is the one the client meets first reading its own message. */
    private void fail(ErrorCode code, String message) {
        if (errorCode == null) {
            errorCode = code;
            errorMessage = message;
        }
    }

    private ClientMessage build() {
        if (opIllTyped) {
            throw new BadRequest(id, OP_NOT_STRING);
        }
        if (op == null) {
            throw new BadRequest(id, missing(JsonProtocol.FIELD_OP));
        }
        boolean needsSymbols = op.equals(JsonProtocol.OP_SUBSCRIBE) || op.equals(JsonProtocol.OP_UNSUBSCRIBE);
        if (!needsSymbols && !op.equals(JsonProtocol.OP_SYMBOLS) && !op.equals(JsonProtocol.OP_PING)) {
            throw new BadRequest(id, "unknown op: " + ParseProblems.quote(op));
        }
        if (errorCode != null) {
            throw errorCode == ErrorCode.LIMIT_EXCEEDED
                    ? new LimitExceeded(id, errorMessage)
                    : new BadRequest(id, errorMessage);
        }
        if (needsSymbols && symbols == null) {
            throw new BadRequest(id, missing(JsonProtocol.FIELD_SYMBOLS));
        }
        switch (op) {
            case JsonProtocol.OP_SUBSCRIBE:
                return new ClientMessage.Subscribe(id, symbols, from == null ? Map.of() : from, epoch, throttleMs);
            case JsonProtocol.OP_UNSUBSCRIBE:
                return new ClientMessage.Unsubscribe(id, symbols);
            case JsonProtocol.OP_SYMBOLS:
                return new ClientMessage.ListSymbols(id);
            default:
                return new ClientMessage.Ping(id);
        }
    }

    private static String missing(String field) {
        return "missing field: " + field;
    }
}
