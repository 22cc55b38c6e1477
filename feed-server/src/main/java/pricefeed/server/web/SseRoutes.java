package pricefeed.server.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.core.json.JsonProtocol;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.session.OutboundQueue;
import pricefeed.server.subscription.Subscriptions;
import pricefeed.server.subscription.TickFanout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerResponse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /sse?symbols=AAPL,MSFT[&throttleMs=250]}: the stream's snapshots and ticks as server-sent
 * events, subscribed through the same {@link Subscriptions} rules as a WebSocket session (snapshot first,
 * contiguous seqs, conflation, resume from history). {@code Last-Event-ID} (or {@code ?lastEventId=})
 * of the current epoch resumes its symbol after its seq; the other symbols start with snapshots.
 */
final class SseRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SseRoutes.class);
    /** Gauge {@code feed_sse_streams_active}: open SSE responses. */
    static final String STREAMS_ACTIVE = "feed.sse.streams.active";
    /** Counter {@code feed_sse_slow_consumer_disconnects_total}: SSE clients dropped for falling behind. */
    static final String SLOW_CONSUMER_DISCONNECTS = "feed.sse.slow.consumer.disconnects";

    private final TickFanout fanout;
    private final int maxSymbols;
    private final long budgetBytes;
    private final Duration maxLag;
    private final SseStream.Limits limits;
    private final FeedMetrics metrics;
    private final Scheduler timers;
    private final Scheduler closer;
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();
    private final SseEvents sseEvents;
    private final LongAdder slowDisconnects = new LongAdder();

    /**
     * @param fanout      the fan-out
     * @param maxSymbols  symbols one stream may hold
     * @param budgetBytes bytes one stream may have waiting for its socket
     * @param maxLag      how long an event may wait while its socket holds back what it was given
     * @param metrics     where drops are counted and SSE meters registered
     * @param timers      heartbeat and conflation timers
     * @param closer      where subscriptions of ended streams are closed (never on a thread that offers)
     */
    SseRoutes(TickFanout fanout, int maxSymbols, long budgetBytes, Duration maxLag, FeedMetrics metrics,
              Scheduler timers, Scheduler closer) {
        this.fanout = fanout;
        this.maxSymbols = maxSymbols;
        this.budgetBytes = budgetBytes;
        this.maxLag = maxLag;
        this.limits = new SseStream.Limits(budgetBytes, maxLag.toNanos(),
                WebConstants.SSE_HEARTBEAT_INTERVAL.toNanos());
        this.metrics = metrics;
        this.timers = timers;
        this.closer = closer;
        this.sseEvents = new SseEvents(fanout::epoch);
        Gauge.builder(STREAMS_ACTIVE, streams, Set::size).strongReference(true)
                .description("Open server-sent event streams").register(metrics.registry());
        FunctionCounter.builder(SLOW_CONSUMER_DISCONNECTS, slowDisconnects, LongAdder::sum)
                .description("SSE streams ended for falling behind").register(metrics.registry());
    }

    void register(Router router) {
        router.get("/sse", this::sse); // HEAD: the same checks and headers, and no stream
    }

    /** Shutdown: every stream sends what it has queued and completes. */
    void endAll() {
        streams.forEach(SseStream::end);
    }

    /** @return open streams now */
    int active() {
        return streams.size();
    }

    private Mono<Void> sse(WebRequest request, HttpServerResponse response) {
        List<String> symbols = WebRequest.commaSeparated(request.queryValues("symbols"));
        if (symbols.isEmpty()) {
            symbols = List.of(Subscriptions.ALL);
        }
        int throttleMs = throttle(request.queryValues(JsonProtocol.FIELD_THROTTLE_MS));
        String lastId = request.header(WebConstants.LAST_EVENT_ID);
        LastEventId last = LastEventId.parse(lastId != null ? lastId : request.queryValue(WebConstants.SSE_LAST_EVENT_ID_PARAM));

        SseStream stream = new SseStream(response.alloc(), timers, fanout.nanoClock(), eventLoopOf(response),
                socketHoldsBackOf(response), sseEvents, limits,
                (bound, queued) -> overflow(request, response, bound, queued));
        Subscriptions subscriptions = fanout.subscriptionsFor(stream, maxSymbols);
        Subscriptions.Outcome refusal = subscriptions.check(symbols);
        if (refusal instanceof Subscriptions.Outcome.UnknownSymbols unknown) {
            throw ApiError.unknownSymbols(unknown.unknown());
        }
        if (refusal instanceof Subscriptions.Outcome.TooMany tooMany) {
            throw ApiError.of(ApiError.Code.LIMIT_EXCEEDED, "symbols",
                    "a stream may hold at most " + tooMany.limit() + " symbols");
        }
        if (request.http().method().equals(HttpMethod.HEAD)) {
            return eventStream(request, response).send().then();
        }
        List<String> subscribed = symbols;
        boolean resumes = last != null && (symbols.contains(Subscriptions.ALL) || symbols.contains(last.symbol()));
        Map<String, Long> from = resumes ? Map.of(last.symbol(), last.seq()) : Map.of();
        String epoch = resumes ? last.epoch() : null;

        Flux<ByteBuf> events = Flux.defer(() -> {
            streams.add(stream);
            stream.start(WebConstants.SSE_RETRY_MS);
            long part = Subscriptions.catchUpPart(budgetBytes);
            stream.pullCatchUpsWith(OutboundQueue.Refill.of(() -> subscriptions.pullCatchUps(part),
                    subscriptions::hasCatchUps));
            // A resume's epoch check and its replay as one step with respect to a restart (TickFanout).
            fanout.inCurrentEpoch(current -> subscriptions.subscribe(subscribed, from, epoch, throttleMs));
            return stream.events();
        }).doFinally(signal -> {
            stream.closed();
            streams.remove(stream);
            closer.schedule(subscriptions::close);
        });
        return eventStream(request, response).send(events).then();
    }

    /**
     * The event stream's head. It has no end to give a length to, so it is chunked, unless the request is
     * HTTP/1.0: a server must not send Transfer-Encoding to a request that does not indicate HTTP/1.1 (RFC
     * 9112 §6.1), so such a stream is the raw events, delimited by closing the connection (§6.3).
     */
    private static HttpServerResponse eventStream(WebRequest request, HttpServerResponse response) {
        if (request.http().version().compareTo(HttpVersion.HTTP_1_1) < 0) {
            response.chunkedTransfer(false).keepAlive(false);
        }
        return response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, WebConstants.EVENT_STREAM)
                .header(HttpHeaderNames.CACHE_CONTROL, WebConstants.CACHE_REVALIDATE)
                .header(WebConstants.ACCEL_BUFFERING, "no");
    }

    /** @return the response's event loop, or the timers if the connection is already gone */
    private Executor eventLoopOf(HttpServerResponse response) {
        Executor[] loop = {task -> timers.schedule(task)};
        response.withConnection(connection -> loop[0] = connection.channel().eventLoop());
        return loop[0];
    }

    /**
     * @return whether the response's channel holds written bytes its socket has not taken; never, once the
     * connection is gone. Asked on the event loop, after the flushes queued before, so they are bytes the
     * socket refused. Netty shows them as room taken from under the high-water mark.
     */
    private static BooleanSupplier socketHoldsBackOf(HttpServerResponse response) {
        BooleanSupplier[] holdsBack = {() -> false};
        response.withConnection(connection -> {
            Channel channel = connection.channel();
            holdsBack[0] = () -> !channel.isWritable()
                    || channel.bytesBeforeUnwritable() < channel.config().getWriteBufferHighWaterMark();
        });
        return holdsBack[0];
    }

    private void overflow(WebRequest request, HttpServerResponse response, OutboundQueue.Overflow bound,
                          long queuedBytes) {
        if (bound == OutboundQueue.Overflow.LAG) {
            LOG.warn("SSE client {} fell behind (an event waited over {} ms for a full socket; {} bytes queued): "
                    + "stream closed", request.who(), maxLag.toMillis(), queuedBytes);
        } else {
            LOG.warn("SSE client {} fell behind ({} bytes queued, budget {}): stream closed", request.who(),
                    queuedBytes, budgetBytes);
        }
        slowDisconnects.increment();
        metrics.slowConsumerDisconnect();
        response.withConnection(Connection::dispose);
    }

    /** @param values the query's {@code throttleMs} values: none, or one of digits only (no sign, not empty) */
    private static int throttle(List<String> values) {
        if (values.isEmpty()) {
            return JsonProtocol.THROTTLE_NONE;
        }
        if (values.size() > 1) {
            throw ApiError.badRequest(JsonProtocol.FIELD_THROTTLE_MS, "throttleMs must be given once");
        }
        String value = values.get(0);
        if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                int ms = Integer.parseInt(value);
                if (JsonProtocol.isValidThrottle(ms)) {
                    return ms;
                }
            } catch (NumberFormatException e) {
                // too many digits for an int: answered below
            }
        }
        throw ApiError.badRequest(JsonProtocol.FIELD_THROTTLE_MS, "throttleMs must be 0 or "
                + JsonProtocol.THROTTLE_MIN_MS + ".." + JsonProtocol.THROTTLE_MAX_MS + ": " + value);
    }
}
