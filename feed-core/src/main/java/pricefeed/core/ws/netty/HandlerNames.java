package pricefeed.core.ws.netty;

/** The names under which our handlers sit in a channel pipeline, in one place. */
public final class HandlerNames {

    private HandlerNames() {
    }

    /** Server role: reads the upgrade request and answers 101 or an HTTP error. */
    public static final String HANDSHAKE = "pricefeed.ws.handshake";
    /** Client role: sends the upgrade request and checks the 101 answer. */
    public static final String CLIENT_HANDSHAKE = "pricefeed.ws.clientHandshake";
    /** Both roles: decodes frames, answers pings, runs the close handshake. */
    public static final String FRAME_HANDLER = "pricefeed.ws.frames";
    /** Server role: notes that bytes arrived, for the idle timeout; in front of the frame handler. */
    public static final String ACTIVITY = "pricefeed.ws.activity";
    /** Both roles: encodes outbound messages and refuses output after our close frame. */
    public static final String FRAME_WRITER = "pricefeed.ws.writer";
}
