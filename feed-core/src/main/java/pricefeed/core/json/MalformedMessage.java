package pricefeed.core.json;

/**
 * A server message our client side cannot read: not JSON, an unexpected shape, or a price that is not a
 * plain decimal. Stackless: it reports the peer's bytes, not a bug of ours.
 */
public final class MalformedMessage extends RuntimeException {

    /**
     * @param message one line naming the problem
     */
    public MalformedMessage(String message) {
        super(message, null, false, false);
    }
}
