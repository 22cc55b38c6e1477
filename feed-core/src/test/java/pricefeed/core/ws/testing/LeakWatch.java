package pricefeed.core.ws.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Turns Netty's leak reports into test failures: an appender on the leak detector's logger records every
 * report, and {@link #assertNoLeaks()} collects garbage and allocates (the detector only reports while
 * tracking new buffers) before failing on any report. Needs Logback as the SLF4J provider, which every module
 * that uses it has on its test classpath.
 *
 * <p>As a JUnit extension ({@code @ExtendWith(LeakWatch.class)}) it watches a whole test class and checks once
 * after it: the check costs a few GC rounds, too much to pay after every test.
 */
public final class LeakWatch implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static boolean installed;

    /** For {@code @ExtendWith}; the static methods serve everyone else. */
    public LeakWatch() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoLeaks();
    }

    /** Starts recording leak reports; idempotent. Fails unless the detector runs at PARANOID. */
    public static synchronized void install() {
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
                    LEAKS.add(event.getFormattedMessage());
                }
            }
        };
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        installed = true;
    }

    /** Fails with the first leak report since the last call, after giving the detector a chance to report. */
    public static void assertNoLeaks() {
        for (int round = 0; round < 3 && LEAKS.isEmpty(); round++) {
            System.gc();
            // Reference processing after a GC has no completion signal; give it a moment, then let the
            // detector poll its queue by tracking fresh buffers.
            LockSupport.parkNanos(20_000_000L);
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = ByteBufAllocator.DEFAULT.buffer(8);
                probe.release();
            }
        }
        if (!LEAKS.isEmpty()) {
            String first = LEAKS.get(0);
            LEAKS.clear();
            fail("Netty reported a leaked buffer:\n" + first);
        }
    }

    /**
     * Runs code with the leak detector off, then puts its level back. For tests that need the buffers they
     * allocate meanwhile bare: under PARANOID every buffer is wrapped, and every access records (and so
     * allocates) a trace, which would hide both allocation-free code and buffer reuse.
     *
     * @param body what runs with the detector off
     */
    public static void untracked(Runnable body) {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        try {
            body.run();
        } finally {
            ResourceLeakDetector.setLevel(level);
        }
    }
}
