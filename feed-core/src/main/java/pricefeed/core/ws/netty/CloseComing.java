package pricefeed.core.ws.netty;

/**
 * A user event {@link WebSocketFrameHandler} fires down the pipeline just before it writes our close frame:
 * in answer to the peer's close or to a protocol violation, or for a close of ours. An application that
 * queues its output elsewhere (and writes it later, e.g. after a delay) flushes it on this event: once the
 * close frame is out, output is refused, and answers to the requests the peer sent before its close would
 * be lost. It may come twice on one connection (our close, then the peer's answering one).
 */
public enum CloseComing {
    /** The one instance. */
    INSTANCE
}
