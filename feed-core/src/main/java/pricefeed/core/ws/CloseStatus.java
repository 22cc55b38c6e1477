package pricefeed.core.ws;

import java.util.Objects;

/**
 * How a WebSocket connection ended, reported once its TCP connection is closed.
 *
 * <p>{@code code} and {@code reason} are those of the close frame that started the closing handshake:
 * ours when we closed first, the peer's when it did ({@code 1005} if its frame had no code). When no close
 * frame was sent or received (EOF, I/O error, forced disconnect) the code is {@code 1006} and the reason
 * says what happened.
 *
 * @param code      the close code
 * @param reason    the close reason, empty when none
 * @param initiator who sent the first close frame, or who dropped the connection when there was none
 * @param clean     whether close frames went both ways before TCP closed
 */
public record CloseStatus(int code, String reason, Initiator initiator, boolean clean) {

    /** Which end started the closing. */
    public enum Initiator {
        /** We sent the first close frame, or dropped the connection ourselves. */
        LOCAL,
        /** The peer sent the first close frame, or dropped the connection. */
        REMOTE
    }

    public CloseStatus {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(initiator, "initiator");
    }
}
