package pricefeed.server.session;

import org.reactivestreams.Publisher;
import pricefeed.core.json.ClientMessageParser;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.stream.LoopSchedulers;
import pricefeed.server.stream.WebSocketConnection;
import pricefeed.server.stream.WebSocketHandler;
import pricefeed.server.subscription.TickFanout;
import reactor.core.scheduler.Scheduler;

/** The {@code /stream} route: one {@link StreamSession} per accepted connection. */
public final class StreamRoute implements WebSocketHandler {

    private final TickFanout fanout;
    private final ClientMessageParser parser;
    private final FeedMetrics metrics;
    private final SessionSettings settings;

    /**
     * @param fanout   the tick fan-out
     * @param parser   parses client messages (thread-safe, shared)
     * @param metrics  where sends and drops are counted
     * @param settings per-connection limits
     */
    public StreamRoute(TickFanout fanout, ClientMessageParser parser, FeedMetrics metrics, SessionSettings settings) {
        this.fanout = fanout;
        this.parser = parser;
        this.metrics = metrics;
        this.settings = settings;
    }

    @Override
    public Publisher<Void> handle(WebSocketConnection connection) {
        // The connection's own event loop runs its timers, so they never race its writes.
        Scheduler timers = LoopSchedulers.of(connection.channel().eventLoop());
        return new StreamSession(connection, fanout, parser, metrics, timers, settings).run();
    }
}
