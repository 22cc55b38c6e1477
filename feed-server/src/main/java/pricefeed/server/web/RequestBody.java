package pricefeed.server.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Set;

/**
 * An operator request's JSON object body, read within {@link WebConstants#MAX_BODY_BYTES} and checked
 * field by field: every failure names the field to blame. Unknown fields are refused rather than
 * ignored, so a misspelt {@code volatilty} is an error, not a silent no-op.
 */
final class RequestBody {

    private static final int MAX_NESTING = 8;

    /** Strict: no duplicate fields, nothing after the object, and shallow (ours are flat). */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final ObjectNode body;

    private RequestBody(ObjectNode body) {
        this.body = body;
    }

    /**
     * @param request the request
     * @param allowed every field the body may have
     * @return the body; fails with an {@link ApiError}: 413 over the size cap, 400 if it is not a JSON object
     *         or has a field outside {@code allowed}
     */
    static Mono<RequestBody> read(WebRequest request, Set<String> allowed) {
        String declared = request.header(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null && declaredTooLarge(declared)) {
            return Mono.error(ApiError.tooLarge()); // refused before a byte of it is read
        }
        return request.http().receive()
                .reduceWith(ByteArrayOutputStream::new, (out, chunk) -> {
                    int n = chunk.readableBytes();
                    if (out.size() + n > WebConstants.MAX_BODY_BYTES) {
                        throw ApiError.tooLarge();
                    }
                    byte[] bytes = new byte[n];
                    chunk.getBytes(chunk.readerIndex(), bytes); // Reactor Netty releases the chunk after this
                    out.write(bytes, 0, n);
                    return out;
                })
                .map(out -> parse(out.toByteArray(), allowed));
    }

    private static boolean declaredTooLarge(String declared) {
        try {
            return Long.parseLong(declared.trim()) > WebConstants.MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false; // Netty's decoder has refused a malformed length already
        }
    }

    /**
     * @param bytes   the body
     * @param allowed every field it may have
     * @return the body
     * @throws ApiError 400 if it is not a JSON object or has a field outside {@code allowed}
     */
    static RequestBody parse(byte[] bytes, Set<String> allowed) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            throw ApiError.badRequest(null, "body is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does no I/O
        }
        if (node == null || node.isMissingNode()) {
            throw ApiError.badRequest(null, "body is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.badRequest(null, "body must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ApiError.badRequest(name, "unknown field: " + name);
            }
        }
        return new RequestBody(object);
    }

    /** @return whether the field is there and not {@code null} */
    boolean has(String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull();
    }

    /**
     * @param field a field
     * @return its value, or null if absent or {@code null}
     * @throws ApiError 400 if it is not a number
     */
    Double number(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw ApiError.badRequest(field, field + " must be a number");
        }
        return node.doubleValue();
    }

    /**
     * @param field a field
     * @return its value
     * @throws ApiError 400 if it is absent, {@code null} or not a number
     */
    double requiredNumber(String field) {
        Double value = number(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    /**
     * @param field a field
     * @return its value, or null if absent or {@code null}
     * @throws ApiError 400 if it is not an integer that fits an {@code int}
     */
    Integer integer(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiError.badRequest(field, field + " must be an integer");
        }
        return node.intValue();
    }

    /**
     * @param field a field
     * @return its value, or null if absent or {@code null}
     * @throws ApiError 400 if it is not a string
     */
    String text(String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.badRequest(field, field + " must be a string");
        }
        return node.textValue();
    }

    /**
     * @param field a field
     * @return its value
     * @throws ApiError 400 if it is absent, {@code null} or not a string
     */
    String requiredText(String field) {
        String value = text(field);
        if (value == null) {
            throw missing(field);
        }
        return value;
    }

    static ApiError missing(String field) {
        return ApiError.badRequest(field, field + " is required");
    }
}
