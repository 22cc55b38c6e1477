package pricefeed.server;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Loads the logback files into a private context, so the test JVM's own logging is untouched. */
class LoggingConfigTest {

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    private void configure(String resource) throws JoranException {
        URL url = getClass().getClassLoader().getResource(resource);
        assertNotNull(url, resource);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(url);
        List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getEffectiveLevel() >= Status.WARN).toList();
        assertEquals(List.of(), problems);
    }

    private Level level(String logger) {
        return context.getLogger(logger).getEffectiveLevel();
    }

    @Test
    void serverDefaultsToInfoWithNettyAndReactorAtWarn() throws JoranException {
        assumeTrue(System.getenv("PRICEFEED_LOG_LEVEL") == null && System.getProperty("PRICEFEED_LOG_LEVEL") == null);
        assumeTrue(System.getenv("PRICEFEED_NETTY_LOG_LEVEL") == null);
        configure("logback.xml");
        assertEquals(Level.INFO, level(Logger.ROOT_LOGGER_NAME));
        assertEquals(Level.INFO, level("pricefeed.server.session.Session"));
        assertEquals(Level.WARN, level("io.netty.channel.DefaultChannelPipeline"));
        assertEquals(Level.WARN, level("reactor.netty.tcp.TcpServer"));
        assertEquals(Level.ERROR, level("reactor.netty.http.server.HttpServerOperations"),
                "malformed web requests are answered, not logged");
    }

    @Test
    void serverLevelComesFromPricefeedLogLevel() throws JoranException {
        context.putProperty("PRICEFEED_LOG_LEVEL", "DEBUG");
        context.putProperty("PRICEFEED_NETTY_LOG_LEVEL", "ERROR");
        configure("logback.xml");
        assertEquals(Level.DEBUG, level(Logger.ROOT_LOGGER_NAME));
        assertEquals(Level.DEBUG, level("pricefeed.server.session.Session"));
        assertEquals(Level.ERROR, level("io.netty.util.ResourceLeakDetector"));
    }

    @Test
    void serverLogsCompactLinesToStandardErrorWithoutBlocking() throws JoranException {
        configure("logback.xml");
        AsyncAppender async = assertInstanceOf(AsyncAppender.class,
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC"));
        assertTrue(async.isNeverBlock());
        ConsoleAppender<?> console = assertInstanceOf(ConsoleAppender.class, async.getAppender("CONSOLE"));
        assertEquals("System.err", console.getTarget());

        PatternLayoutEncoder encoder = assertInstanceOf(PatternLayoutEncoder.class, console.getEncoder());
        Logger logger = context.getLogger("pricefeed.server.session.OutboundBudget");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
                "slow consumer dropped: {}", null, new Object[] {"/127.0.0.1:50000"});
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  OutboundBudget - slow consumer dropped:"
                + " /127\\.0\\.0\\.1:50000\\R"), line);
    }

    @Test
    void testsAreQuietButShowLeaks() throws JoranException {
        assumeTrue(System.getenv("PRICEFEED_LOG_LEVEL") == null);
        configure("logback-test.xml");
        assertEquals(Level.WARN, level(Logger.ROOT_LOGGER_NAME));
        assertEquals(Level.WARN, level("pricefeed.server.session.Session"));
        assertTrue(context.getLogger("io.netty.util.ResourceLeakDetector").isEnabledFor(Level.ERROR));
    }
}
