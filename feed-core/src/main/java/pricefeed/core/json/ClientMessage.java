package pricefeed.core.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message from client to server on {@code /stream} (PROTOCOL.md §4). Every message may carry an
 * {@link JsonId id} that the reply echoes; it is {@code null} when absent. The constructors check their
 * arguments: an invalid value is our own misuse ({@link IllegalArgumentException}); the parser reports the
 * client's mistakes as {@link BadRequest} before building any of these.
 */
public sealed interface ClientMessage {

    /** @return the request id, or {@code null} when the client sent none */
    JsonId id();

    /**
     * {@code {"op":"subscribe",...}}.
     *
     * @param id         the request id, or {@code null}
     * @param symbols    the symbols, without duplicates, in the client's order; {@code "*"} means all
     * @param from       for a resume: symbol to the last seq the client has; empty when absent
     * @param epoch      the epoch the {@code from} seqs belong to, or {@code null}
     * @param throttleMs 0 for none, else at most one tick per symbol per this many milliseconds (10..60000)
     */
    record Subscribe(JsonId id, List<String> symbols, Map<String, Long> from, String epoch, int throttleMs)
            implements ClientMessage {

        public Subscribe {
            symbols = nonEmptyCopy(symbols);
            Map<String, Long> copy = new LinkedHashMap<>(Objects.requireNonNull(from, "from"));
            for (Map.Entry<String, Long> e : copy.entrySet()) {
                if (e.getKey() == null || e.getValue() == null || e.getValue() < 0) {
                    throw new IllegalArgumentException("from must map symbols to seqs >= 0: " + copy);
                }
            }
            from = Collections.unmodifiableMap(copy);
            if (!JsonProtocol.isValidThrottle(throttleMs)) {
                throw new IllegalArgumentException("throttleMs must be 0 or 10..60000: " + throttleMs);
            }
        }

        /**
         * @param id      the request id, or {@code null}
         * @param symbols the symbols
         * @return a plain live subscribe: no resume, no throttle
         */
        public static Subscribe of(JsonId id, List<String> symbols) {
            return new Subscribe(id, symbols, Map.of(), null, JsonProtocol.THROTTLE_NONE);
        }
    }

    /**
     * {@code {"op":"unsubscribe",...}}.
     *
     * @param id      the request id, or {@code null}
     * @param symbols the symbols, without duplicates, in the client's order
     */
    record Unsubscribe(JsonId id, List<String> symbols) implements ClientMessage {

        public Unsubscribe {
            symbols = nonEmptyCopy(symbols);
        }
    }

    /**
     * {@code {"op":"symbols"}}: asks for every symbol and its decimals.
     *
     * @param id the request id, or {@code null}
     */
    record ListSymbols(JsonId id) implements ClientMessage {
    }

    /**
     * {@code {"op":"ping"}}: answered with a pong carrying the server's time.
     *
     * @param id the request id, or {@code null}
     */
    record Ping(JsonId id) implements ClientMessage {
    }

    private static List<String> nonEmptyCopy(List<String> symbols) {
        List<String> copy = List.copyOf(symbols);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("symbols must not be empty");
        }
        return copy;
    }
}
