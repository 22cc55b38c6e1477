package pricefeed.server.session;

import io.netty.channel.EventLoop;
import org.reactivestreams.Publisher;
import pricefeed.core.json.ClientMessageParser;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.stream.WebSocketConnection;
import pricefeed.server.stream.WebSocketHandler;
import pricefeed.server.subscription.TickFanout;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code /stream} route: one {@link StreamSession} per accepted connection. */
public final class StreamRoute implements WebSocketHandler {

    private final TickFanout fanout;
    private final ClientMessageParser parser;
    private final FeedMetrics metrics;
    private final SessionSettings settings;
    /** One per event loop rather than per connection: an idle server holds thousands of connections. */
    private final Map<EventLoop, Scheduler> loopSchedulers = new ConcurrentHashMap<>();

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
        Scheduler timers = schedulerOf(connection.channel().eventLoop());
        return new StreamSession(connection, fanout, parser, metrics, timers, settings).run();
    }

    /** Never disposed (that would shut the loop down); forgotten when the loop ends, e.g. on a listener restart. */
    private Scheduler schedulerOf(EventLoop loop) {
        Scheduler known = loopSchedulers.get(loop);
        if (known != null) {
            return known;
        }
        Scheduler made = Schedulers.fromExecutorService(loop);
        known = loopSchedulers.putIfAbsent(loop, made);
        if (known != null) {
            return known;
        }
        loop.terminationFuture().addListener(done -> loopSchedulers.remove(loop));
        return made;
    }
}
