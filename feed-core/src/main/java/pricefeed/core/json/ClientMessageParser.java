package pricefeed.core.json;

import com.fasterxml.jackson.core.JsonParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Parses the client's text messages on {@code /stream} into {@link ClientMessage}s, or explains in one line
 * why it cannot. Thread-safe and reusable: one instance serves all connections.
 *
 * <p>Validation: a top-level object; {@code op} one of subscribe, unsubscribe, symbols, ping; {@code symbols}
 * a non-empty array of strings (subscribe, unsubscribe); {@code from} an object of symbol to integer >= 0;
 * {@code epoch} a string; {@code throttleMs} 0 or 10..60000; {@code id} a string or number. A known field is
 * checked whichever op it comes with; unknown fields are skipped (forward compatibility). Duplicate symbols
 * collapse, keeping the first occurrence's order. The symbol cap is checked while reading, before the lists
 * grow past it.
 */
public final class ClientMessageParser {

    private final int maxSymbols;

    /** A parser with the default cap of {@value JsonProtocol#DEFAULT_MAX_SYMBOLS} symbols per message. */
    public ClientMessageParser() {
        this(JsonProtocol.DEFAULT_MAX_SYMBOLS);
    }

    /**
     * @param maxSymbols the most symbols (and {@code from} entries) one message may name; more is
     *                   {@code limit_exceeded}
     */
    public ClientMessageParser(int maxSymbols) {
        if (maxSymbols < 1) {
            throw new IllegalArgumentException("maxSymbols must be positive: " + maxSymbols);
        }
        this.maxSymbols = maxSymbols;
    }

    /** @return the most symbols one message may name */
    public int maxSymbols() {
        return maxSymbols;
    }

    /**
     * @param utf8 one whole text message; neither released nor consumed (its reader index stays put)
     * @return the message
     * @throws BadRequest (or {@link LimitExceeded}) for anything else, whatever the bytes
     */
    public ClientMessage parse(ByteBuf utf8) {
        if (utf8.hasArray()) {
            return parse(utf8.array(), utf8.arrayOffset() + utf8.readerIndex(), utf8.readableBytes());
        }
        if (!JsonFactories.startsLikeUtf8(utf8)) {
            throw new BadRequest(null, ParseProblems.NOT_JSON);
        }
        // Direct buffers are read in place through a stream over a duplicate, leaving the caller's indexes alone.
        try (JsonParser p = JsonFactories.UNTRUSTED.createParser((InputStream) new ByteBufInputStream(utf8.duplicate()))) {
            return new ClientMessageReader(p, maxSymbols, parser -> JsonId.read(parser, utf8)).read();
        } catch (IOException e) {
            throw new BadRequest(null, ParseProblems.NOT_JSON);
        }
    }

    /**
     * @param utf8 one whole text message
     * @return the message
     * @throws BadRequest (or {@link LimitExceeded}) for anything else, whatever the bytes
     */
    public ClientMessage parse(byte[] utf8) {
        return parse(utf8, 0, utf8.length);
    }

    /**
     * @param json one whole text message
     * @return the message
     * @throws BadRequest (or {@link LimitExceeded}) for anything else
     */
    public ClientMessage parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private ClientMessage parse(byte[] bytes, int offset, int length) {
        if (!JsonFactories.startsLikeUtf8(bytes, offset, length)) {
            throw new BadRequest(null, ParseProblems.NOT_JSON);
        }
        try (JsonParser p = JsonFactories.UNTRUSTED.createParser(bytes, offset, length)) {
            return new ClientMessageReader(p, maxSymbols, parser -> JsonId.read(parser, bytes, offset)).read();
        } catch (IOException e) {
            // Only creating the parser can get here (it sniffs the encoding); reading maps its own failures.
            throw new BadRequest(null, ParseProblems.NOT_JSON);
        }
    }
}
