package pricefeed.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the server's messages back into {@link ServerMessage}s: for our load client and tests. Prices come
 * back as the exact scaled longs they were written from (see {@link ServerMessage.TickMessage}). Stateless
 * and thread-safe. For the hottest client loops, {@link TickHeader#peek(ByteBuf)} reads just a tick's
 * symbol, seq and time.
 */
public final class ServerMessageParser {

    /**
     * @param utf8 one whole text message; neither released nor consumed (its reader index stays put)
     * @return the message
     * @throws MalformedMessage if it is not a server message we can read
     */
    public ServerMessage parse(ByteBuf utf8) {
        if (utf8.hasArray()) {
            return parse(utf8.array(), utf8.arrayOffset() + utf8.readerIndex(), utf8.readableBytes());
        }
        if (!JsonFactories.startsLikeUtf8(utf8)) {
            throw new MalformedMessage(ParseProblems.NOT_JSON);
        }
        try (JsonParser p = JsonFactories.FACTORY.createParser((InputStream) new ByteBufInputStream(utf8.duplicate()))) {
            return new ServerMessageReader(p, parser -> JsonId.read(parser, utf8)).read();
        } catch (StreamConstraintsException e) {
            throw new MalformedMessage(ParseProblems.OVER_PARSER_LIMITS);
        } catch (IOException e) {
            throw new MalformedMessage(ParseProblems.NOT_JSON);
        }
    }

    /**
     * @param utf8 one whole text message
     * @return the message
     * @throws MalformedMessage if it is not a server message we can read
     */
    public ServerMessage parse(byte[] utf8) {
        return parse(utf8, 0, utf8.length);
    }

    /**
     * @param json one whole text message
     * @return the message
     * @throws MalformedMessage if it is not a server message we can read
     */
    public ServerMessage parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private ServerMessage parse(byte[] bytes, int offset, int length) {
        if (!JsonFactories.startsLikeUtf8(bytes, offset, length)) {
            throw new MalformedMessage(ParseProblems.NOT_JSON);
        }
        try (JsonParser p = JsonFactories.FACTORY.createParser(bytes, offset, length)) {
            return new ServerMessageReader(p, parser -> JsonId.read(parser, bytes, offset)).read();
        } catch (StreamConstraintsException e) {
            throw new MalformedMessage(ParseProblems.OVER_PARSER_LIMITS);
        } catch (IOException e) {
            throw new MalformedMessage(ParseProblems.NOT_JSON);
        }
    }
}
