package pricefeed.core.json;

/** A client message over one of the parser's caps (e.g. too many symbols); replied with {@code limit_exceeded}. */
public final class LimitExceeded extends BadRequest {

    /**
     * @param id      the request's id if it could be read, else {@code null}
     * @param message one line naming the cap, e.g. {@code too many symbols: at most 10000}
     */
    public LimitExceeded(JsonId id, String message) {
        super(ErrorCode.LIMIT_EXCEEDED, id, message);
    }
}
