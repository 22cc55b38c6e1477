package pricefeed.core.ws.netty;

import pricefeed.core.ws.WebSocketProtocol;

import java.nio.charset.StandardCharsets;

/** Keeps close reasons within the 123 UTF-8 bytes a close frame can carry. */
final class CloseReasons {

    private CloseReasons() {
    }

    /** Our own reason over the limit is our bug. */
    static String requireFits(String reason) {
        String r = reason == null ? "" : reason;
        if (r.getBytes(StandardCharsets.UTF_8).length > WebSocketProtocol.CLOSE_REASON_MAX) {
            throw new IllegalArgumentException("close reason over " + WebSocketProtocol.CLOSE_REASON_MAX + " bytes: " + r);
        }
        return r;
    }

    /** A violation's message is cut at a character boundary rather than refused. */
    static String fit(String reason) {
        if (reason == null) {
            return "";
        }
        int end = reason.length();
        while (reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > WebSocketProtocol.CLOSE_REASON_MAX) {
            end--;
            if (end > 0 && Character.isHighSurrogate(reason.charAt(end - 1))) {
                end--;
            }
        }
        return reason.substring(0, end);
    }
}
