package pricefeed.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The optional {@code id} of a client message, kept as the raw JSON text the client wrote (a string or a
 * number) so a reply echoes it byte for byte: {@code 1} stays {@code 1}, {@code 1.50} stays {@code 1.50},
 * {@code "a\u0041"} keeps its escape. Two ids are equal when their JSON text is equal.
 */
public final class JsonId {

    private final byte[] utf8;
    private final boolean string;

    private JsonId(byte[] utf8, boolean string) {
        this.utf8 = utf8;
        this.string = string;
    }

    /**
     * @param number the id
     * @return a numeric id
     */
    public static JsonId of(long number) {
        return new JsonId(Long.toString(number).getBytes(StandardCharsets.US_ASCII), false);
    }

    /**
     * @param text the id's string value, escaped as JSON requires
     * @return a string id
     * @throws IllegalArgumentException if the text holds a lone surrogate, which has no UTF-8 form
     */
    public static JsonId of(String text) {
        byte[] escaped = JsonStringEncoder.getInstance().quoteAsUTF8(Objects.requireNonNull(text, "text"));
        byte[] quoted = new byte[escaped.length + 2];
        quoted[0] = '"';
        System.arraycopy(escaped, 0, quoted, 1, escaped.length);
        quoted[quoted.length - 1] = '"';
        return new JsonId(quoted, true);
    }

    /**
     * @param json the JSON text of one string or number, e.g. {@code 7} or {@code "a"} (surrounding
     *             whitespace is dropped)
     * @return the id with exactly that text
     * @throws IllegalArgumentException if the text is not a single JSON string or number
     */
    public static JsonId parse(String json) {
        // Jackson ends a number at the first byte that cannot continue it, whitespace included, and the id
        // keeps every byte up to there: "7 " would be an id other than "7".
        byte[] bytes = trimJsonWhitespace(json).getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = JsonFactories.FACTORY.createParser(bytes)) {
            JsonToken token = p.nextToken();
            if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT
                    && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new IllegalArgumentException("not a JSON string or number: " + json);
            }
            JsonId id = read(p, bytes, 0);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("more than one JSON value: " + json);
            }
            return id;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON string or number: " + json, e);
        }
    }

    private static String trimJsonWhitespace(String json) {
        int start = 0;
        int end = json.length();
        while (start < end && isJsonWhitespace(json.charAt(start))) {
            start++;
        }
        while (end > start && isJsonWhitespace(json.charAt(end - 1))) {
            end--;
        }
        return json.substring(start, end);
    }

    /** RFC 8259 §2: the four whitespace characters JSON allows around a value. */
    private static boolean isJsonWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * Captures the string or number token the parser is on, as raw bytes of {@code source}.
     *
     * @param p          positioned on a string or number token
     * @param source     the bytes being parsed
     * @param sourceBase where the parser's input starts within {@code source}
     */
    static JsonId read(JsonParser p, byte[] source, int sourceBase) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        boolean isString = p.currentToken() == JsonToken.VALUE_STRING;
        p.finishToken(); // strings are decoded lazily; the end offset is only known once the token is read
        long end = p.currentLocation().getByteOffset();
        return new JsonId(Arrays.copyOfRange(source, sourceBase + (int) start, sourceBase + (int) end), isString);
    }

    /**
     * Same as {@link #read(JsonParser, byte[], int)} for a parser reading a {@link ByteBuf} from its reader index.
     */
    static JsonId read(JsonParser p, ByteBuf source) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        boolean isString = p.currentToken() == JsonToken.VALUE_STRING;
        p.finishToken();
        long end = p.currentLocation().getByteOffset();
        byte[] raw = new byte[(int) (end - start)];
        source.getBytes(source.readerIndex() + (int) start, raw);
        return new JsonId(raw, isString);
    }

    /** @return the id's JSON text, e.g. {@code 1} or {@code "a"} */
    public String json() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** @return whether the id is a JSON string (otherwise it is a number) */
    public boolean isString() {
        return string;
    }

    /** @return the UTF-8 length of {@link #json()} */
    public int byteLength() {
        return utf8.length;
    }

    /**
     * Writes the id's JSON text.
     *
     * @param out where to append it
     */
    public void writeTo(ByteBuf out) {
        out.writeBytes(utf8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonId && Arrays.equals(utf8, ((JsonId) o).utf8);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(utf8);
    }

    @Override
    public String toString() {
        return json();
    }
}
