package pricefeed.server;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Ends logging at exit, after the last line. The log goes through an asynchronous appender, so lines still
 * queued when the JVM halts would be lost. Logback's own shutdown hook cannot be used for this: JVM hooks
 * run concurrently, and it could stop logging while the server's shutdown hook is still writing its lines.
 */
final class LogFlush {

    private LogFlush() {
    }

    /** Writes out every queued line and stops logging; later lines are discarded. */
    static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
