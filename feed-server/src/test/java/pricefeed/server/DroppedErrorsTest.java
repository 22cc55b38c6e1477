package pricefeed.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A dropped I/O error (a client's reset) is routine; anything else dropped is still an ERROR. */
class DroppedErrorsTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(DroppedErrors.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level level;

    @BeforeEach
    void install() {
        appender.start();
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logger.addAppender(appender);
        DroppedErrors.install();
    }

    @AfterEach
    void reset() {
        Hooks.resetOnErrorDropped();
        logger.detachAppender(appender);
        logger.setLevel(level);
    }

    @Test
    void aResetIsDebugAndABugIsError() {
        Operators.onErrorDropped(new java.net.SocketException("Connection reset by peer"), Context.empty());
        Operators.onErrorDropped(new IOException("Broken pipe"), Context.empty());
        Operators.onErrorDropped(new reactor.netty.channel.AbortedException("Connection has been closed"), Context.empty());
        Operators.onErrorDropped(new IllegalStateException("a bug"), Context.empty());

        List<Level> levels = appender.list.stream().map(ILoggingEvent::getLevel).toList();
        assertEquals(List.of(Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.ERROR), levels);
    }
}
