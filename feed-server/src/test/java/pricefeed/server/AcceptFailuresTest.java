package pricefeed.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A failed accept is counted, logged at most once per interval, and still reaches the acceptor. */
class AcceptFailuresTest {

    private static final IOException EMFILE = new IOException("accept(..) failed: Too many open files");

    private final Logger logger = (Logger) LoggerFactory.getLogger(AcceptFailures.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final AtomicInteger counted = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final List<Throwable> reachedAcceptor = new ArrayList<>();
    private EmbeddedChannel listening;

    @BeforeEach
    void listen() {
        appender.start();
        logger.addAppender(appender);
        listening = listeningWith(() -> new OpenFiles.Use(512, 512));
    }

    private EmbeddedChannel listeningWith(Supplier<OpenFiles.Use> openFiles) {
        AcceptFailures watch = new AcceptFailures("stream", counted::incrementAndGet, nanos::get, openFiles);
        ChannelInboundHandlerAdapter acceptor = new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                reachedAcceptor.add(cause);
            }
        };
        return new EmbeddedChannel(watch, acceptor);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        listening.finishAndReleaseAll();
    }

    private void failAccept() {
        listening.pipeline().fireExceptionCaught(EMFILE);
    }

    @Test
    void theFirstFailureIsAWarningWithTheCauseAndTheOpenFiles() {
        failAccept();

        assertEquals(1, counted.get());
        assertEquals(1, appender.list.size());
        ILoggingEvent line = appender.list.get(0);
        assertEquals(Level.WARN, line.getLevel());
        assertEquals("stream listener cannot accept connections: accept(..) failed: Too many open files "
                + "(512 of 512 files open); new connections wait until it can", line.getFormattedMessage());
        assertEquals(List.of(EMFILE), reachedAcceptor);
    }

    @Test
    void failuresWithinTheIntervalAreCountedAndSummedUpInTheNextLine() {
        failAccept();
        for (int i = 0; i < 9; i++) {
            nanos.addAndGet(1_000_000_000L); // the acceptor retries once a second
            failAccept();
        }
        assertEquals(1, appender.list.size(), "one line for the first 10 failures");

        nanos.addAndGet(1_000_000_000L);
        failAccept();

        assertEquals(11, counted.get());
        assertEquals(2, appender.list.size());
        assertEquals("stream listener cannot accept connections: accept(..) failed: Too many open files "
                + "(512 of 512 files open), 9 more times since the last line; new connections wait until it can",
                appender.list.get(1).getFormattedMessage());
        assertEquals(11, reachedAcceptor.size());
        reachedAcceptor.forEach(cause -> assertSame(EMFILE, cause));
    }

    @Test
    void theFailureReachesTheAcceptorEvenWhenReportingItFails() {
        // Reactor Netty's acceptor pauses accepting on the failure; a handler that swallowed it made the
        // event loop spin on the failing accept (360,000 times in 8 s when counting open files threw).
        listening.finishAndReleaseAll();
        listening = listeningWith(() -> {
            throw new InternalError("errno: 24 error: Unable to open directory /proc/self/fd");
        });

        try {
            failAccept();
        } catch (InternalError expected) {
            // EmbeddedChannel rethrows what a handler threw; Netty's event loop logs it instead
        }

        assertEquals(1, counted.get());
        assertEquals(List.of(EMFILE), reachedAcceptor);
    }
}
