package pricefeed.bench.baseline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import pricefeed.core.json.BadRequest;
import pricefeed.core.json.ClientMessage;
import pricefeed.core.json.ClientMessageParser;
import pricefeed.core.json.ErrorCode;
import pricefeed.core.json.JsonProtocol;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.market.Micros;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.simulator.MarketSimulator;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One {@code /stream} connection of the baseline, written the way a Reactor Netty user would: the client's
 * messages and the shared tick flux are merged into one ordered stream of events, each event becomes zero or
 * more JSON strings, and {@code out.sendString(...)} writes them as text frames with Reactor Netty's own
 * backpressure.
 *
 * <p>Ordering: ticks are pre-filtered on the simulator's thread by a concurrent set, then every event passes
 * one serialised stage, which records the seq of each snapshot it sends and lets a tick through only above
 * it. A subscribe adds its symbols to the set before it reads the snapshots, so the first tick after a
 * snapshot is its seq + 1 with no gap and no duplicate, as PROTOCOL.md requires.
 *
 * <p>Not implemented, because the benchmark uses neither: resume ({@code from}) and {@code throttleMs} are
 * accepted and ignored; heartbeats and slow-consumer disconnects are absent: a slow client loses its oldest
 * queued ticks instead.
 */
final class BaselineSession {

    /**
     * Ticks one connection may queue while its socket is not writable; beyond it the oldest are dropped, so a
     * slow client costs bounded memory. About 40 ms of all 100 symbols at 24,000 ticks/s: enough to ride out a
     * GC pause, short enough that a stalled client does not hold the heap.
     */
    static final int MAX_QUEUED_TICKS = 1024;

    private final MarketSimulator simulator;
    private final ClientMessageParser parser;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private volatile boolean wantsAll;
    /** Seq of the snapshot sent per symbol; read and written only in the serialised stage. */
    private final Map<String, Long> snapshotSeqs = new HashMap<>();

    BaselineSession(MarketSimulator simulator, ClientMessageParser parser) {
        this.simulator = simulator;
        this.parser = parser;
    }

    /**
     * @param in       the connection's inbound side
     * @param out      its outbound side
     * @param ticks    every tick, hot and shared by all connections
     * @param initial  a subscribe from the URL's {@code ?symbols=}, or empty
     * @return completes when the connection is done
     */
    Publisher<Void> handle(WebsocketInbound in, WebsocketOutbound out, Flux<Tick> ticks,
                           Optional<ClientMessage.Subscribe> initial) {
        Flux<Object> requests = Flux.concat(Flux.fromStream(initial.stream()),
                in.aggregateFrames().receive().asString().map(this::parse));
        Flux<Tick> wantedTicks = ticks
                .filter(this::wants)
                .onBackpressureBuffer(MAX_QUEUED_TICKS, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
        Flux<String> messages = Flux.<Object>merge(requests, wantedTicks).concatMapIterable(this::respond);
        return out.sendString(messages);
    }

    private Object parse(String text) {
        try {
            return parser.parse(text);
        } catch (BadRequest e) {
            return e;
        }
    }

    private boolean wants(Tick tick) {
        return wantsAll || wanted.contains(tick.symbol());
    }

    private List<String> respond(Object event) {
        if (event instanceof Tick tick) {
            Long snapshotSeq = snapshotSeqs.get(tick.symbol());
            if (!wants(tick) || snapshotSeq != null && tick.seq() <= snapshotSeq) {
                return List.of();
            }
            return List.of(ServerMessages.json(buf -> ServerMessages.tick(tick, buf)));
        }
        if (event instanceof BadRequest bad) {
            return List.of(ServerMessages.json(buf -> ServerMessages.error(bad.id(), bad.code(), bad.getMessage(), buf)));
        }
        if (event instanceof ClientMessage.Subscribe subscribe) {
            return subscribe(subscribe);
        }
        if (event instanceof ClientMessage.Unsubscribe unsubscribe) {
            if (unsubscribe.symbols().contains(JsonProtocol.ALL_SYMBOLS)) {
                wantsAll = false;
                wanted.clear();
            } else {
                unsubscribe.symbols().forEach(wanted::remove);
            }
            return List.of(ServerMessages.json(buf -> ServerMessages.unsubscribed(unsubscribe.id(), unsubscribe.symbols(), buf)));
        }
        if (event instanceof ClientMessage.ListSymbols list) {
            return List.of(ServerMessages.json(buf -> ServerMessages.symbols(list.id(), simulator.symbols(), buf)));
        }
        ClientMessage.Ping ping = (ClientMessage.Ping) event;
        return List.of(ServerMessages.json(buf -> ServerMessages.pong(ping.id(), Micros.now(), buf)));
    }

    private List<String> subscribe(ClientMessage.Subscribe subscribe) {
        boolean all = subscribe.symbols().contains(JsonProtocol.ALL_SYMBOLS);
        List<String> symbols = all
                ? simulator.symbols().stream().map(SymbolSpec::symbol).toList()
                : subscribe.symbols();
        List<String> unknown = symbols.stream().filter(s -> simulator.latest(s).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            String message = "unknown symbol" + (unknown.size() > 1 ? "s: " : ": ") + String.join(", ", unknown);
            return List.of(ServerMessages.json(buf ->
                    ServerMessages.error(subscribe.id(), ErrorCode.UNKNOWN_SYMBOL, message, buf)));
        }
        List<String> fresh = symbols.stream().filter(s -> !wantsAll && !wanted.contains(s)).toList();
        // Wanted before the snapshots are read: a tick newer than a snapshot then always reaches this stage.
        if (all) {
            wantsAll = true;
        }
        wanted.addAll(symbols);
        List<String> replies = new ArrayList<>(fresh.size() + 1);
        replies.add(ServerMessages.json(buf ->
                ServerMessages.subscribed(subscribe.id(), subscribe.symbols(), simulator.epoch(), buf)));
        for (String symbol : fresh) {
            simulator.latest(symbol).ifPresent(snapshot -> {
                snapshotSeqs.put(symbol, snapshot.seq());
                replies.add(ServerMessages.json(buf -> ServerMessages.snapshot(snapshot, buf)));
            });
        }
        return replies;
    }
}
