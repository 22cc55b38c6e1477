package pricefeed.core.ws;

import java.util.Objects;

/**
 * The peer broke RFC 6455 (or one of our limits). Carries the close code to answer with; exactly one
 * place in a connection turns it into "send close, then close the channel". Misuse by our own code is
 * never a {@code ProtocolViolation}: that is an {@link IllegalArgumentException} or
 * {@link IllegalStateException}.
 */
public final class ProtocolViolation extends RuntimeException {

    private final CloseCode closeCode;

    /**
     * @param closeCode the code to close the connection with
     * @param reason    one sentence, sent as the close reason (keep it under 123 UTF-8 bytes)
     */
    public ProtocolViolation(CloseCode closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = Objects.requireNonNull(closeCode, "closeCode");
    }

    /** @return the code the connection must be closed with */
    public CloseCode closeCode() {
        return closeCode;
    }
}
