package pricefeed.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Makes a listener's failed accepts seen. When accepting a connection fails, most often because the
 * process has no file descriptor left, Reactor Netty's acceptor stops accepting for a second and tells
 * nobody: new clients wait in the kernel's backlog with a connect that is never answered, and the server
 * looks healthy from inside. First in the listening channel's pipeline, this handler counts every failure
 * and logs a WARN with the cause and the open-file counts, at most one line per {@link #LOG_INTERVAL}
 * (with the number of failures in between), then passes the failure on to the acceptor unchanged.
 *
 * <p>Runs on the listening channel's event loop only, so its state needs no locking.
 */
final class AcceptFailures extends ChannelInboundHandlerAdapter {

    /** Least time between two log lines of one listener: a failing accept repeats every second. */
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final String NAME = "pricefeed.acceptFailures";
    private static final Logger log = LoggerFactory.getLogger(AcceptFailures.class);

    private final String listener;
    private final Runnable count;
    private final LongSupplier nanoClock;
    private final Supplier<OpenFiles.Use> openFiles;
    private boolean loggedBefore;
    private long lastLogged;
    private long unlogged;

    AcceptFailures(String listener, Runnable count, LongSupplier nanoClock, Supplier<OpenFiles.Use> openFiles) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.count = Objects.requireNonNull(count, "count");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.openFiles = Objects.requireNonNull(openFiles, "openFiles");
    }

    /**
     * Watches a listening channel.
     *
     * @param serverChannel the listener's bound channel
     * @param listener      its name in the log line, e.g. {@code stream}
     * @param count         counts one failure (a metric)
     */
    static void watch(Channel serverChannel, String listener, Runnable count) {
        serverChannel.pipeline().addFirst(NAME, new AcceptFailures(listener, count, System::nanoTime, OpenFiles::now));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        try {
            count.run();
            report(cause);
        } finally {
            // Whatever happened here, the acceptor must see the failure: it is what pauses accepting, and
            // without the pause the event loop spins on a failing accept.
            ctx.fireExceptionCaught(cause);
        }
    }

    private void report(Throwable cause) {
        long now = nanoClock.getAsLong();
        if (loggedBefore && now - lastLogged < LOG_INTERVAL.toNanos()) {
            unlogged++;
            return;
        }
        OpenFiles.Use use = openFiles.get();
        log.warn("{} listener cannot accept connections: {}{}{}; new connections wait until it can",
                listener, cause.getMessage(), use == null ? "" : " (" + use + ")",
                unlogged == 0 ? "" : ", " + unlogged + " more times since the last line");
        loggedBefore = true;
        lastLogged = now;
        unlogged = 0;
    }
}
