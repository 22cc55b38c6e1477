package pricefeed.server.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Writes JSON bodies with Jackson's streaming generator and sends them with the listener's common headers. */
final class JsonResponses {

    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes the fields or elements of one JSON value. */
    @FunctionalInterface
    interface Body {
        /**
         * @param g the generator, positioned where the value goes
         * @throws IOException never in practice: the target is memory
         */
        void write(JsonGenerator g) throws IOException;
    }

    private JsonResponses() {
    }

    /**
     * @param body writes one complete JSON value
     * @return its UTF-8 bytes
     */
    static byte[] json(Body body) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // memory does no I/O: a generator bug
        }
        return out.toByteArray();
    }

    /**
     * @param fields writes the fields of one object
     * @return the object's UTF-8 bytes
     */
    static byte[] object(Body fields) {
        return json(g -> {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        });
    }

    /**
     * @param response the response
     * @param status   its status
     * @param json     its body
     * @return completes when it is written
     */
    static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, byte[] json) {
        return withHeaders(response, status, json.length).sendByteArray(Mono.just(json)).then();
    }

    /**
     * @param response the response
     * @param status   its status
     * @param json     its body, made when the response is written (so nothing leaks if it never is)
     * @return completes when it is written
     */
    static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, Mono<ByteBuf> json) {
        // The length is set here, not left to Reactor Netty: for HEAD it would send the head chunked instead.
        return json.flatMap(body -> withHeaders(response, status, body.readableBytes()).send(Mono.just(body)).then());
    }

    /**
     * @param response the response
     * @param error    the refusal
     * @return completes when its JSON answer is written
     */
    static Mono<Void> error(HttpServerResponse response, ApiError error) {
        return send(withErrorHeaders(response, error), error.code().status(), errorBody(error));
    }

    /**
     * @param response the response to a {@code HEAD} request
     * @param error    the refusal
     * @return completes when the head of its JSON answer is written, with the length the body would have
     */
    static Mono<Void> errorHead(HttpServerResponse response, ApiError error) {
        return withHeaders(withErrorHeaders(response, error), error.code().status(), errorBody(error).length)
                .send().then();
    }

    /** @return the response, with the headers the refusal asks for (Allow, Retry-After, ...) */
    private static HttpServerResponse withErrorHeaders(HttpServerResponse response, ApiError error) {
        for (Map.Entry<String, String> header : error.headers().entrySet()) {
            response.header(header.getKey(), header.getValue());
        }
        return response;
    }

    /**
     * @param error a refusal
     * @return its JSON answer's body (WEB-API.md "Error shape")
     */
    static byte[] errorBody(ApiError error) {
        return object(g -> {
            g.writeStringField("error", error.code().wire());
            if (error.field() != null) {
                g.writeStringField("field", error.field());
            }
            g.writeStringField("message", error.getMessage());
        });
    }

    private static HttpServerResponse withHeaders(HttpServerResponse response, HttpResponseStatus status, int length) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, WebConstants.JSON)
                .header(HttpHeaderNames.CACHE_CONTROL, WebConstants.CACHE_NONE)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(length));
    }
}
