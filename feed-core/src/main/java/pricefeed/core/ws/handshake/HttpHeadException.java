package pricefeed.core.ws.handshake;

/**
 * The peer sent an HTTP head we refuse to read. Carries the status to answer with (400, or 431 for an
 * oversized head) and a one-line reason for the response body.
 */
public final class HttpHeadException extends RuntimeException {

    private final int status;

    /**
     * @param status the HTTP status to answer with
     * @param reason one line, no CR or LF
     */
    public HttpHeadException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** @return the HTTP status to answer with */
    public int status() {
        return status;
    }
}
