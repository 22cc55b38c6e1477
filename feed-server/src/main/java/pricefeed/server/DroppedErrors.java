package pricefeed.server;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.netty.channel.AbortedException;

/**
 * What happens to an error that reaches a Reactor operator after its subscriber has finished.
 *
 * <p>Reactor's default logs each one at ERROR. A client that resets its connection during a web request is
 * one such error: Reactor Netty hands the reset to the request's inbound after the request was already
 * failed by the close. That is ordinary network behaviour that any client can cause at will (an
 * independent fuzzer made 868 such ERROR lines in a few minutes), so I/O errors and Reactor Netty's
 * connection-closed error are logged at DEBUG.
 * Anything else still gets ERROR: it may be a bug.
 */
public final class DroppedErrors {

    private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);

    private DroppedErrors() {
    }

    /**
     * @param error an error from a connection's pipeline
     * @return whether it only says the client closed or reset the connection: routine, nobody to answer
     */
    public static boolean clientLeft(Throwable error) {
        return error instanceof IOException || error instanceof AbortedException;
    }

    /** Installs the process-wide hook; call once from {@code main}. */
    static void install() {
        Hooks.onErrorDropped(DroppedErrors::onDropped);
    }

    static void onDropped(Throwable error) {
        if (clientLeft(error)) {
            log.debug("I/O error after its request ended: {}", error.toString());
        } else {
            log.error("an error reached an operator after its subscriber had finished", error);
        }
    }
}
