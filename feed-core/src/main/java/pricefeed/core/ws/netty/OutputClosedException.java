package pricefeed.core.ws.netty;

import java.io.IOException;

/** A write reached a WebSocket after our close frame; the message was released and dropped. */
public final class OutputClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The shared instance: it carries no stack trace and no state. */
    static final OutputClosedException INSTANCE = new OutputClosedException();

    private OutputClosedException() {
        super("WebSocket output closed: a close frame was already sent", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
