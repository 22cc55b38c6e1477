package pricefeed.server.stream;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;

/**
 * What an accepted client asked for.
 *
 * @param path          the request path, e.g. {@code /stream}
 * @param query         the decoded query parameters, e.g. {@code symbols -> AAPL,MSFT}
 * @param subprotocol   the selected subprotocol, or null when none was selected
 * @param origin        the {@code Origin} header, or null when absent
 * @param remoteAddress the client's address
 */
public record HandshakeRequest(String path, Map<String, String> query, String subprotocol, String origin,
                               InetSocketAddress remoteAddress) {
    public HandshakeRequest {
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
    }
}
