package pricefeed.core.ws.handshake;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the server answers to an upgrade request: switch protocols, or an HTTP error. */
public sealed interface HandshakeOutcome permits HandshakeOutcome.Accepted, HandshakeOutcome.Rejection {

    /**
     * The request is a valid WebSocket upgrade for one of our paths; answer 101.
     *
     * @param head        the request head
     * @param path        the request path (one of the configured WebSocket paths)
     * @param query       the decoded query parameters
     * @param acceptKey   the {@code Sec-WebSocket-Accept} value
     * @param subprotocol the selected subprotocol, or null when none was selected
     */
    record Accepted(HttpHead head, String path, Map<String, String> query, String acceptKey, String subprotocol)
            implements HandshakeOutcome {
        public Accepted {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(path, "path");
            query = Map.copyOf(query);
            Objects.requireNonNull(acceptKey, "acceptKey");
        }
    }

    /**
     * Refuse the request with an HTTP error and close the connection.
     *
     * @param status       the HTTP status, 4xx or 5xx
     * @param reason       one line for the response body
     * @param extraHeaders headers to add to the response, in order (e.g. {@code Allow: GET})
     */
    record Rejection(int status, String reason, Map<String, String> extraHeaders) implements HandshakeOutcome {

        /** Status answered when the server is over its connection limit. */
        public static final int SERVICE_UNAVAILABLE = 503;

        public Rejection {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("a rejection must be 4xx or 5xx: " + status);
            }
            Objects.requireNonNull(reason, "reason");
            if (reason.indexOf('\r') >= 0 || reason.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("reason must be one line: " + reason);
            }
            extraHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(extraHeaders));
        }

        /**
         * @param status the HTTP status
         * @param reason one line for the body
         * @return a rejection without extra headers
         */
        public static Rejection of(int status, String reason) {
            return new Rejection(status, reason, Map.of());
        }

        /**
         * @param e a head the parser refused
         * @return the rejection answering it (400 or 431)
         */
        public static Rejection of(HttpHeadException e) {
            return of(e.status(), e.getMessage());
        }

        /** @return the 503 answer for a server over its connection limit */
        public static Rejection overCapacity() {
            return of(SERVICE_UNAVAILABLE, "too many connections");
        }
    }
}
