package pricefeed.core.ws.netty;

import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.CloseStatus;
import pricefeed.core.ws.CloseStatus.Initiator;

/**
 * Collects what decides a connection's final {@link CloseStatus} while it closes: the first close frame
 * either way, whether both crossed, and why the connection dropped when no close frame did. Confined to
 * the event loop.
 */
final class CloseStatusRecorder {

    private Initiator firstInitiator;
    private int firstCode;
    private String firstReason;
    private boolean clean;
    private Initiator dropInitiator = Initiator.REMOTE;
    private String dropReason;

    /** The first close frame (sent or received) sets the code, reason and initiator; later ones do not. */
    void closeFrame(int code, String reason, Initiator initiator) {
        if (firstInitiator == null) {
            firstInitiator = initiator;
            firstCode = code;
            firstReason = reason == null ? "" : reason;
        }
    }

    /** Close frames went both ways. */
    void clean() {
        clean = true;
    }

    /** Why TCP ended without close frames, if it does; the first explanation wins. */
    void dropped(Initiator initiator, String reason) {
        if (dropReason == null) {
            dropInitiator = initiator;
            dropReason = reason;
        }
    }

    /**
     * @param midMessage whether the peer stopped in the middle of a frame or fragmented message
     * @return the status to report once the channel is inactive
     */
    CloseStatus status(boolean midMessage) {
        if (firstInitiator != null) {
            return new CloseStatus(firstCode, firstReason, firstInitiator, clean);
        }
        String reason = dropReason != null ? dropReason
                : midMessage ? "connection closed in the middle of a message"
                : "connection closed without a close frame";
        return new CloseStatus(CloseCode.ABNORMAL.code(), reason, dropInitiator, false);
    }
}
