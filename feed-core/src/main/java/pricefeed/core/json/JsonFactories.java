package pricefeed.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** The one shared, thread-safe Jackson factory of this package, configured for hostile input. */
final class JsonFactories {

    private JsonFactories() {
    }

    /**
     * Strict JSON only (Jackson's defaults: no comments, NaN or leading zeros); nesting capped at
     * {@link JsonProtocol#MAX_NESTING_DEPTH}. Generators leave the target stream open (it wraps a
     * caller's buffer) and write characters beyond the BMP as plain 4-byte UTF-8 rather than as an escaped
     * surrogate pair; a lone surrogate, which has no UTF-8 form, is still escaped, so output is always
     * valid UTF-8.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(JsonProtocol.MAX_NESTING_DEPTH)
                    .build())
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    /**
     * Like {@link #FACTORY}, for input from untrusted peers (client messages on the server): field names are
     * not interned, so no client can push names of its choosing into the JVM's string table. They are still
     * canonicalized: turning that off would switch Jackson to its Reader-based parser, which knows no byte
     * offsets, and {@link JsonId} needs those to keep an id's raw text. Jackson's table for it is shared by
     * every parser of the factory and bounded in names only (it resets past a few thousand, and reports hash
     * flooding as a constraint violation), so names are capped at {@link JsonProtocol#MAX_FIELD_NAME_LENGTH}
     * characters to bound it in bytes too.
     */
    static final JsonFactory UNTRUSTED = FACTORY.rebuild()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(JsonProtocol.MAX_NESTING_DEPTH)
                    .maxNameLength(JsonProtocol.MAX_FIELD_NAME_LENGTH)
                    .build())
            .build();

    /** Writes JSON through a generator; {@link #generate} turns its I/O exception into an unchecked one. */
    @FunctionalInterface
    interface Writing {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Appends what {@code writing} generates to {@code out}, all or nothing: on any failure the buffer's
     * writer index is put back.
     *
     * @param out     where the UTF-8 JSON goes
     * @param writing what to generate
     */
    static void generate(ByteBuf out, Writing writing) {
        int mark = out.writerIndex();
        try (JsonGenerator g = FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(out))) {
            writing.write(g);
        } catch (IOException e) {
            out.writerIndex(mark);
            throw new UncheckedIOException(e); // a ByteBuf does no I/O; only a generator bug gets here
        } catch (RuntimeException e) {
            out.writerIndex(mark);
            throw e;
        }
    }

    /**
     * Whether input may be parsed as UTF-8. Jackson guesses UTF-16 or UTF-32 from a NUL among the first
     * four bytes or from an {@code FE}/{@code FF} byte-order mark; but JSON on a text frame is UTF-8
     * (RFC 8259 §8.1) and no UTF-8 JSON text starts with such bytes, so we refuse them before Jackson
     * can guess.
     *
     * @param bytes  the input
     * @param offset where it starts
     * @param length how long it is
     * @return false when the input cannot be UTF-8 JSON
     */
    static boolean startsLikeUtf8(byte[] bytes, int offset, int length) {
        if (length > 0 && (bytes[offset] & 0xFE) == 0xFE) {
            return false;
        }
        for (int i = offset, end = offset + Math.min(length, 4); i < end; i++) {
            if (bytes[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** {@link #startsLikeUtf8(byte[], int, int)} for a buffer's readable bytes. */
    static boolean startsLikeUtf8(ByteBuf buf) {
        int start = buf.readerIndex();
        int length = buf.readableBytes();
        if (length > 0 && (buf.getByte(start) & 0xFE) == 0xFE) {
            return false;
        }
        for (int i = start, end = start + Math.min(length, 4); i < end; i++) {
            if (buf.getByte(i) == 0) {
                return false;
            }
        }
        return true;
    }
}
