package pricefeed.server.web;

import java.util.Collection;

/**
 * Turns the simulator's refusals into answers. {@code SimulatorControl} and {@code SymbolParams} name the
 * offending field first in their messages ({@code "volatility must be 0..5.0: 7.0"}), so the validation
 * rules live in the simulator alone and the answer still blames the right field.
 */
final class SimulatorErrors {

    private SimulatorErrors() {
    }

    /**
     * @param e      what the simulator threw
     * @param fields the request's field names, any of which the message may start with
     * @return the answer: 404 for an unknown symbol, 409 for an existing one or a full universe, else 400
     */
    static ApiError toApiError(IllegalArgumentException e, Collection<String> fields) {
        String message = e.getMessage() == null ? "invalid request" : e.getMessage();
        if (message.startsWith("unknown symbol")) {
            return ApiError.of(ApiError.Code.UNKNOWN_SYMBOL, null, message);
        }
        if (message.startsWith("symbol already exists")) {
            return ApiError.of(ApiError.Code.CONFLICT, "symbol", message);
        }
        if (message.startsWith("symbols must be at most")) {
            return ApiError.of(ApiError.Code.LIMIT_EXCEEDED, null, message);
        }
        int end = 0;
        while (end < message.length() && Character.isJavaIdentifierPart(message.charAt(end))) {
            end++;
        }
        String first = message.substring(0, end);
        return ApiError.badRequest(fields.contains(first) ? first : null, message);
    }

    /**
     * @param e what the simulator threw: it is closed, so the server is going down
     * @return a 503
     */
    static ApiError toApiError(IllegalStateException e) {
        return ApiError.of(ApiError.Code.UNAVAILABLE, null, "the simulator is not running: " + e.getMessage());
    }
}
