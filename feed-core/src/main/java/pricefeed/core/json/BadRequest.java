package pricefeed.core.json;

import java.util.Objects;

/**
 * A client message the server cannot act on: not JSON, unknown op, a missing or ill-typed field
 * ({@link ErrorCode#BAD_REQUEST}), or over a cap ({@link LimitExceeded}). The session answers it with an
 * error reply carrying {@link #code()}, {@link #id()} and {@link #getMessage()}, and keeps the connection.
 * Stackless: it reports a peer's mistake, not a bug of ours.
 */
public class BadRequest extends RuntimeException {

    private final transient JsonId id;
    private final ErrorCode code;

    /**
     * @param id      the request's id if it could be read, else {@code null}
     * @param message one line naming the problem, e.g. {@code missing field: symbols}
     */
    public BadRequest(JsonId id, String message) {
        this(ErrorCode.BAD_REQUEST, id, message);
    }

    BadRequest(ErrorCode code, JsonId id, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.id = id;
    }

    /** @return the error code to reply with */
    public ErrorCode code() {
        return code;
    }

    /** @return the request's id, or {@code null} if it had none or it could not be read */
    public JsonId id() {
        return id;
    }
}
