package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import pricefeed.core.json.PriceWriter;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.server.ServerConfig;
import pricefeed.server.subscription.Subscriptions;
import pricefeed.server.subscription.TickFanout;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The read-only market API: {@code GET /api/info} (where the stream is, and the stream limits a client
 * plans around), {@code GET /api/symbols} (the
 * symbols with their opening prices) and {@code GET /api/snapshot} (latest state, the same JSON as the
 * stream's snapshot messages).
 */
final class ApiRoutes {

    private final TickFanout fanout;
    private final IntSupplier streamPort;
    /** A `*` subscription over this many symbols is refused: the dashboard subscribes a part instead. */
    private final int maxSymbolsPerConnection;
    /** A connection hears something at least this often, so a client can tell a stalled feed. */
    private final long heartbeatIntervalMs;

    /**
     * @param fanout     the fan-out, source of every figure
     * @param streamPort the stream listener's bound port
     * @param config     the stream limits {@code /api/info} reports
     */
    ApiRoutes(TickFanout fanout, IntSupplier streamPort, ServerConfig config) {
        this.fanout = fanout;
        this.streamPort = streamPort;
        this.maxSymbolsPerConnection = config.maxSymbolsPerConnection();
        this.heartbeatIntervalMs = config.heartbeatInterval().toMillis();
    }

    void register(Router router) {
        router.get("/api/info", (request, response) -> info(response));
        router.get("/api/symbols", (request, response) -> symbols(response));
        router.get("/api/snapshot", this::snapshot);
    }

    private Mono<Void> info(HttpServerResponse response) {
        return JsonResponses.send(response, HttpResponseStatus.OK, JsonResponses.object(g -> {
            g.writeNumberField("streamPort", streamPort.getAsInt());
            g.writeStringField("streamPath", WebConstants.STREAM_PATH);
            g.writeStringField("epoch", fanout.epoch());
            g.writeNumberField("maxSymbolsPerConnection", maxSymbolsPerConnection);
            g.writeNumberField("heartbeatIntervalMs", heartbeatIntervalMs);
        }));
    }

    /** {@code [{"symbol":"AAPL","decimals":2,"open":189.00}, ...]}: {@code open} is the opening trade price. */
    private Mono<Void> symbols(HttpServerResponse response) {
        return JsonResponses.send(response, HttpResponseStatus.OK, JsonResponses.json(g -> {
            g.writeStartArray();
            for (SymbolSpec spec : fanout.symbols()) {
                Optional<Tick> open = fanout.open(spec.symbol());
                if (open.isEmpty()) {
                    continue; // removed since the list was read
                }
                g.writeStartObject();
                g.writeStringField("symbol", spec.symbol());
                g.writeNumberField("decimals", spec.decimals());
                g.writeFieldName("open");
                g.writeNumber(PriceWriter.toString(open.get().last(), spec.decimals())); // exact digits, as on the wire
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    /** {@code ?symbols=AAPL,MSFT} (none or {@code *}: all); any unknown one: 404 naming every unknown one. */
    private Mono<Void> snapshot(WebRequest request, HttpServerResponse response) {
        List<Tick> latest = latestOf(WebRequest.commaSeparated(request.queryValues("symbols")));
        return JsonResponses.send(response, HttpResponseStatus.OK, Mono.fromSupplier(() -> {
            // On the heap: the answer is counted against the web answers' budget as it is written (AnswerWatch), and
            // only then copied into direct memory by the transport, so a refused one never takes any.
            ByteBuf out = Unpooled.buffer(2 + latest.size() * (ServerMessages.MAX_TICK_JSON_BYTES / 2));
            out.writeByte('[');
            for (int i = 0; i < latest.size(); i++) {
                if (i > 0) {
                    out.writeByte(',');
                }
                ServerMessages.snapshot(latest.get(i), out);
            }
            out.writeByte(']');
            return out;
        }));
    }

    /**
     * @param requested the requested symbols; empty or containing {@code *} means all
     * @return each symbol's latest tick, in the request's order (the fan-out's for all)
     * @throws ApiError 404 naming every unknown symbol, with or without {@code *}, as a stream subscribe does
     */
    private List<Tick> latestOf(List<String> requested) {
        List<String> unknown = requested.stream()
                .filter(s -> !Subscriptions.ALL.equals(s) && !fanout.knows(s))
                .toList();
        if (!unknown.isEmpty()) {
            throw ApiError.unknownSymbols(unknown);
        }
        List<String> symbols = requested.isEmpty() || requested.contains(Subscriptions.ALL)
                ? fanout.symbols().stream().map(SymbolSpec::symbol).toList()
                : requested;
        List<Tick> ticks = new ArrayList<>(symbols.size());
        for (String s : symbols) {
            fanout.latest(s).ifPresent(ticks::add); // absent only if removed a moment ago
        }
        return ticks;
    }
}
