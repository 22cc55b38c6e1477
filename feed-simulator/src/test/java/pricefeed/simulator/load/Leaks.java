package pricefeed.simulator.load;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Netty's leak reports as test failures: an appender on the detector's logger keeps every report; {@link #check()}
 * collects garbage and allocates (the detector reports only while it tracks new buffers), then fails on any.
 */
final class Leaks {

    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    private Leaks() {
    }

    static synchronized void watch() {
        if (installed) {
            return;
        }
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(),
                "surefire runs Netty's leak detector at PARANOID");
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains("LEAK")) {
                    REPORTS.add(event.getFormattedMessage());
                }
            }
        };
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        installed = true;
    }

    static void check() {
        for (int round = 0; round < 3 && REPORTS.isEmpty(); round++) {
            System.gc();
            // Reference processing has no completion signal: a short pause, then fresh buffers make the
            // detector poll its queue.
            LockSupport.parkNanos(20_000_000L);
            for (int i = 0; i < 64; i++) {
                ByteBufAllocator.DEFAULT.buffer(8).release();
            }
        }
        if (!REPORTS.isEmpty()) {
            String first = REPORTS.get(0);
            REPORTS.clear();
            fail("Netty reported a leaked buffer:\n" + first);
        }
    }
}
