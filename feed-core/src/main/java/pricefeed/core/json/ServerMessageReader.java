package pricefeed.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one server message from a streaming parser: every field in whatever order it comes, then the message
 * its {@code type} names. Unknown fields are skipped. One instance per message.
 */
final class ServerMessageReader {

    private static final int SEEN_SYMBOL = 1;
    private static final int SEEN_SEQ = 1 << 1;
    private static final int SEEN_TS = 1 << 2;
    private static final int SEEN_BID = 1 << 3;
    private static final int SEEN_ASK = 1 << 4;
    private static final int SEEN_LAST = 1 << 5;
    private static final int SEEN_SIZE = 1 << 6;
    private static final int SEEN_VOLUME = 1 << 7;
    private static final int SEEN_SYMBOLS = 1 << 8;
    private static final int SEEN_EPOCH = 1 << 9;
    private static final int SEEN_CODE = 1 << 10;
    private static final int SEEN_MESSAGE = 1 << 11;
    private static final int TICK_FIELDS = SEEN_SYMBOL | SEEN_SEQ | SEEN_TS | SEEN_BID | SEEN_ASK | SEEN_LAST
            | SEEN_SIZE | SEEN_VOLUME;

    private final JsonParser p;
    private final IdCapture idCapture;

    private int seen;
    private String type;
    private JsonId id;
    private String symbol;
    private long seq;
    private long ts;
    private int decimals = -1;
    private long bid;
    private long ask;
    private long last;
    private long size;
    private long volume;
    private List<String> symbolNames;
    private List<SymbolSpec> specs;
    private String epoch;
    private String code;
    private String message;

    ServerMessageReader(JsonParser p, IdCapture idCapture) {
        this.p = p;
        this.idCapture = idCapture;
    }

    ServerMessage read() throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedMessage("message must be a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            readField(name);
        }
        if (p.nextToken() != null) {
            throw new MalformedMessage("more than one JSON value");
        }
        return build();
    }

    private void readField(String name) throws IOException {
        switch (name) {
            case JsonProtocol.FIELD_TYPE: type = string(name); break;
            case JsonProtocol.FIELD_ID: id = readId(); break;
            case JsonProtocol.FIELD_SYMBOL: symbol = string(name); seen |= SEEN_SYMBOL; break;
            case JsonProtocol.FIELD_SEQ: seq = integer(name); seen |= SEEN_SEQ; break;
            case JsonProtocol.FIELD_TS: ts = integer(name); seen |= SEEN_TS; break;
            case JsonProtocol.FIELD_BID: bid = price(name); seen |= SEEN_BID; break;
            case JsonProtocol.FIELD_ASK: ask = price(name); seen |= SEEN_ASK; break;
            case JsonProtocol.FIELD_LAST: last = price(name); seen |= SEEN_LAST; break;
            case JsonProtocol.FIELD_SIZE: size = integer(name); seen |= SEEN_SIZE; break;
            case JsonProtocol.FIELD_VOLUME: volume = integer(name); seen |= SEEN_VOLUME; break;
            case JsonProtocol.FIELD_SYMBOLS: readSymbols(); seen |= SEEN_SYMBOLS; break;
            case JsonProtocol.FIELD_EPOCH: epoch = string(name); seen |= SEEN_EPOCH; break;
            case JsonProtocol.FIELD_CODE: code = string(name); seen |= SEEN_CODE; break;
            case JsonProtocol.FIELD_MESSAGE: message = string(name); seen |= SEEN_MESSAGE; break;
            default: p.skipChildren();
        }
    }

    private ServerMessage build() {
        if (type == null) {
            throw new MalformedMessage("missing field: type");
        }
        switch (type) {
            case JsonProtocol.TYPE_TICK:
                return new ServerMessage.TickMessage(tick());
            case JsonProtocol.TYPE_SNAPSHOT:
                return new ServerMessage.Snapshot(tick());
            case JsonProtocol.TYPE_SUBSCRIBED:
                require(SEEN_SYMBOLS | SEEN_EPOCH);
                return new ServerMessage.Subscribed(id, names(), epoch);
            case JsonProtocol.TYPE_UNSUBSCRIBED:
                require(SEEN_SYMBOLS);
                return new ServerMessage.Unsubscribed(id, names());
            case JsonProtocol.TYPE_SYMBOLS:
                require(SEEN_SYMBOLS);
                if (symbolNames != null && !symbolNames.isEmpty()) {
                    throw new MalformedMessage("symbols must be an array of {symbol, decimals} objects");
                }
                return new ServerMessage.SymbolList(id, specs == null ? List.of() : specs);
            case JsonProtocol.TYPE_PONG:
                require(SEEN_TS);
                return new ServerMessage.Pong(id, ts);
            case JsonProtocol.TYPE_HEARTBEAT:
                require(SEEN_TS);
                return new ServerMessage.Heartbeat(ts);
            case JsonProtocol.TYPE_ERROR:
                require(SEEN_CODE | SEEN_MESSAGE);
                return new ServerMessage.ErrorReply(id, code, message);
            default:
                return new ServerMessage.Unknown(type);
        }
    }

    private Tick tick() {
        require(TICK_FIELDS);
        return new Tick(symbol, decimals, seq, ts, bid, ask, last, size, volume);
    }

    private List<String> names() {
        if (specs != null && !specs.isEmpty()) {
            throw new MalformedMessage("symbols must be an array of strings");
        }
        return symbolNames == null ? List.of() : symbolNames;
    }

    private void require(int fields) {
        int missing = fields & ~seen;
        if (missing != 0) {
            throw new MalformedMessage("missing field in " + ParseProblems.quote(type) + ": "
                    + fieldName(Integer.lowestOneBit(missing)));
        }
    }

    private static String fieldName(int bit) {
        switch (bit) {
            case SEEN_SYMBOL: return JsonProtocol.FIELD_SYMBOL;
            case SEEN_SEQ: return JsonProtocol.FIELD_SEQ;
            case SEEN_TS: return JsonProtocol.FIELD_TS;
            case SEEN_BID: return JsonProtocol.FIELD_BID;
            case SEEN_ASK: return JsonProtocol.FIELD_ASK;
            case SEEN_LAST: return JsonProtocol.FIELD_LAST;
            case SEEN_SIZE: return JsonProtocol.FIELD_SIZE;
            case SEEN_VOLUME: return JsonProtocol.FIELD_VOLUME;
            case SEEN_SYMBOLS: return JsonProtocol.FIELD_SYMBOLS;
            case SEEN_EPOCH: return JsonProtocol.FIELD_EPOCH;
            case SEEN_CODE: return JsonProtocol.FIELD_CODE;
            default: return JsonProtocol.FIELD_MESSAGE;
        }
    }

    private JsonId readId() throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new MalformedMessage("id must be a string or a number");
        }
        return idCapture.capture(p);
    }

    private String string(String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new MalformedMessage(field + " must be a string");
        }
        return p.getText();
    }

    private long integer(String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new MalformedMessage(field + " must be an integer");
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
            throw new MalformedMessage(field + " does not fit a long");
        }
        return p.getLongValue();
    }

    /** A price from its text: digits after the point give the decimals, which all prices must share. */
    private long price(String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw new MalformedMessage(field + " must be a number");
        }
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        int d = PriceParser.decimals(text, offset, length);
        if (decimals >= 0 && d != decimals) {
            throw new MalformedMessage("prices have different decimals: " + decimals + " and " + d);
        }
        decimals = d;
        return PriceParser.scaled(text, offset, length);
    }

    private void readSymbols() throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new MalformedMessage("symbols must be an array");
        }
        List<String> names = new ArrayList<>();
        List<SymbolSpec> list = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.VALUE_STRING) {
                names.add(p.getText());
            } else if (t == JsonToken.START_OBJECT) {
                list.add(readSpec());
            } else {
                throw new MalformedMessage("symbols must hold strings or {symbol, decimals} objects");
            }
        }
        if (!names.isEmpty() && !list.isEmpty()) {
            throw new MalformedMessage("symbols mixes strings and objects");
        }
        symbolNames = names;
        specs = list;
    }

    private SymbolSpec readSpec() throws IOException {
        String name = null;
        long places = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals(JsonProtocol.FIELD_SYMBOL)) {
                name = string(field);
            } else if (field.equals(JsonProtocol.FIELD_DECIMALS)) {
                places = integer(field);
            } else {
                p.skipChildren();
            }
        }
        if (name == null || places < 0 || places > SymbolSpec.MAX_DECIMALS) {
            throw new MalformedMessage("a symbol spec needs a symbol and decimals 0.." + SymbolSpec.MAX_DECIMALS);
        }
        try {
            return new SymbolSpec(name, (int) places);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessage("invalid symbol spec: " + e.getMessage());
        }
    }
}
