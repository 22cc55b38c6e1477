package pricefeed.server.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.simulator.MarketSimulator;
import pricefeed.simulator.SimulatorControl;
import pricefeed.simulator.model.SymbolParams;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operator API under {@code /api/simulator} (an extension of PROTOCOL.md, used by the dashboard's
 * operator panel). Every endpoint but {@code /access} is checked by {@link OperatorAuth} before its body
 * is read. Simulator calls wait for the simulator's lock, so they run on a scheduler made for blocking
 * rather than on an event loop, and their answers are written from the event loop again. Each change is
 * logged at INFO with the client's address, each refusal by {@link OperatorAuth} at WARN; both as one line,
 * whatever the client sent ({@link LogText}).
 */
final class OperatorRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorRoutes.class);
    private static final String SYMBOLS_PATH = "/api/simulator/symbols";

    /** What an operator call answers, and what to log (null: nothing, e.g. for a read). */
    private record Result(HttpResponseStatus status, byte[] body, String done, String location) {
        static Result of(HttpResponseStatus status, byte[] body, String done) {
            return new Result(status, body, done, null);
        }
    }

    private final MarketSimulator simulator;
    private final SimulatorControl control;
    private final OperatorAuth auth;
    private final Scheduler blocking;

    /**
     * @param simulator the simulator to drive
     * @param auth      who may
     * @param blocking  where simulator calls run
     */
    OperatorRoutes(MarketSimulator simulator, OperatorAuth auth, Scheduler blocking) {
        this.simulator = simulator;
        this.control = simulator.control();
        this.auth = auth;
        this.blocking = blocking;
    }

    void register(Router router) {
        router.get("/api/simulator/access", this::access);
        router.get("/api/simulator", operator(request -> simulatorCall(request, Set.of(), () -> { },
                () -> Result.of(HttpResponseStatus.OK, state(), null))));
        router.add(HttpMethod.POST, SYMBOLS_PATH, operator(this::addSymbol));
        router.add(HttpMethod.DELETE, SYMBOLS_PATH + "/{symbol}", operator(this::removeSymbol));
        router.add(HttpMethod.PATCH, SYMBOLS_PATH + "/{symbol}", operator(this::changeSymbol));
        router.add(HttpMethod.PUT, "/api/simulator/rate", operator(this::setRate));
        router.add(HttpMethod.POST, "/api/simulator/pause", operator(request -> afterItsBody(request,
                () -> simulatorCall(request, Set.of(), control::pause,
                        () -> Result.of(HttpResponseStatus.OK, state(), "paused the simulator")))));
        router.add(HttpMethod.POST, "/api/simulator/resume", operator(request -> afterItsBody(request,
                () -> simulatorCall(request, Set.of(), control::resume,
                        () -> Result.of(HttpResponseStatus.OK, state(), "resumed the simulator")))));
        router.add(HttpMethod.POST, "/api/simulator/shock", operator(this::shock));
        router.add(HttpMethod.POST, "/api/simulator/restart",
                operator(request -> afterItsBody(request, () -> restart(request))));
    }

    /** {@code {"operator":..,"tokenRequired":..}}: what this client may do; open to anyone. */
    private Mono<Void> access(WebRequest request, HttpServerResponse response) {
        boolean operator = auth.judge(request.remote(), request.http().requestHeaders()) == OperatorAuth.Verdict.ALLOWED;
        return JsonResponses.send(response, HttpResponseStatus.OK, JsonResponses.object(g -> {
            g.writeBooleanField("operator", operator);
            g.writeBooleanField("tokenRequired", auth.tokenRequired());
        }));
    }

    private Mono<Result> addSymbol(WebRequest request) {
        return RequestBody.read(request, OperatorCommands.ADD_FIELDS).map(OperatorCommands::newSymbol)
                .flatMap(params -> simulatorCall(request, OperatorCommands.ADD_FIELDS,
                        () -> control.addSymbol(params), () -> {
                    byte[] added = SimulatorJson.symbol(current(params));
                    // Logged as the client sees it (prices on the tick grid), not as the record's toString.
                    return new Result(HttpResponseStatus.CREATED, added,
                            "added " + new String(added, StandardCharsets.UTF_8), SYMBOLS_PATH + "/" + params.symbol());
                }));
    }

    private Mono<Result> removeSymbol(WebRequest request) {
        String symbol = known(request.param());
        return afterItsBody(request, () -> simulatorCall(request, Set.of(), () -> control.removeSymbol(symbol),
                () -> Result.of(HttpResponseStatus.NO_CONTENT, null, "removed " + symbol)));
    }

    /**
     * For a change that reads no body: makes it once the request has ended, its body discarded. A body that
     * fails to decode is answered 400 instead of the route's answer ({@link MalformedBody}); made on the head
     * alone, the change would have been made and answered as an error.
     */
    private static Mono<Result> afterItsBody(WebRequest request, Supplier<Mono<Result>> change) {
        return request.http().receive().then(Mono.defer(change));
    }

    private Mono<Result> changeSymbol(WebRequest request) {
        String symbol = known(request.param());
        return RequestBody.read(request, OperatorCommands.CHANGE_FIELDS).map(OperatorCommands::change)
                .flatMap(change -> simulatorCall(request, OperatorCommands.CHANGE_FIELDS, () -> {
                    if (change.volatility() != null) {
                        control.setVolatility(symbol, change.volatility());
                    }
                    if (change.drift() != null) {
                        control.setDrift(symbol, change.drift());
                    }
                }, () -> {
                    SymbolParams now = current(symbol);
                    return Result.of(HttpResponseStatus.OK, SimulatorJson.symbol(now), "changed " + symbol
                            + (change.volatility() != null ? " volatility=" + change.volatility() : "")
                            + (change.drift() != null ? " drift=" + change.drift() : ""));
                }));
    }

    private Mono<Result> setRate(WebRequest request) {
        return RequestBody.read(request, OperatorCommands.RATE_FIELDS).map(OperatorCommands::tickRate)
                .flatMap(rate -> simulatorCall(request, OperatorCommands.RATE_FIELDS, () -> control.setTickRate(rate),
                        () -> Result.of(HttpResponseStatus.OK, state(), "set the tick rate to " + rate + "/s")));
    }

    private Mono<Result> shock(WebRequest request) {
        return RequestBody.read(request, OperatorCommands.SHOCK_FIELDS).map(OperatorCommands::shock)
                .flatMap(shock -> {
                    if (shock.symbol() != null) {
                        known(shock.symbol());
                    }
                    String which = shock.symbol() == null ? "all symbols" : shock.symbol();
                    return simulatorCall(request, OperatorCommands.SHOCK_FIELDS,
                            () -> control.shock(shock.symbol(), shock.fraction()),
                            () -> Result.of(HttpResponseStatus.OK, state(), "shocked " + which + " by " + shock.percent() + "%"));
                });
    }

    /**
     * Answers with the run this restart made as it started (its epoch, the starting prices), whatever ticked or
     * restarted since, and logs its epoch.
     */
    private Mono<Result> restart(WebRequest request) {
        return offTheLoop(request, Mono.fromCallable(simulator::restart)
                .map(run -> Result.of(HttpResponseStatus.OK, SimulatorJson.state(control, run.epoch(), run.symbols()),
                        "restarted the simulator as epoch " + run.epoch()))
                .onErrorMap(IllegalStateException.class, SimulatorErrors::toApiError));
    }

    /** Checks the client, runs the call, answers and logs. */
    private Router.Handler operator(Function<WebRequest, Mono<Result>> call) {
        return (request, response) -> {
            try {
                auth.require(request);
            } catch (ApiError refused) {
                // The raw target, not the decoded path: a %0A in it stays three characters. LogText makes sure.
                LOG.warn("operator {} {} from {} refused: {}", request.http().method(),
                        LogText.escape(request.http().uri()), request.who(), LogText.escape(refused.getMessage()));
                throw refused;
            }
            return call.apply(request).flatMap(result -> {
                if (result.done() != null) {
                    LOG.info("operator {}: {}", request.who(), LogText.escape(result.done()));
                }
                return answer(response, result);
            });
        };
    }

    private static Mono<Void> answer(HttpServerResponse response, Result result) {
        if (result.location() != null) {
            response.header(HttpHeaderNames.LOCATION, result.location());
        }
        if (result.body() == null) {
            return response.status(result.status()).send();
        }
        return JsonResponses.send(response, result.status(), result.body());
    }

    /**
     * @param fields  the request's fields, which the simulator's refusals may name
     * @param command the change, which the simulator may refuse as a bad request
     * @param answer  the answer once it is made; its failures are the server's, not the request's (a 500)
     * @return the answer; the simulator's refusals as {@link ApiError}s, and a closed simulator as a 503
     */
    private Mono<Result> simulatorCall(WebRequest request, Collection<String> fields, Runnable command,
                                       Supplier<Result> answer) {
        return offTheLoop(request, Mono.fromRunnable(command)
                .onErrorMap(IllegalArgumentException.class, e -> SimulatorErrors.toApiError(e, fields))
                .then(Mono.fromSupplier(answer))
                .onErrorMap(IllegalStateException.class, SimulatorErrors::toApiError));
    }

    /**
     * Runs a simulator call on the blocking scheduler and hands its outcome, answer or error, back to the
     * request's event loop, where it is written. An answer written from another thread is ended by Reactor Netty
     * only after its client may already have it, and a request read before that end is held back: dropped
     * unanswered, with the connection left open, when it asks to close.
     */
    private Mono<Result> offTheLoop(WebRequest request, Mono<Result> call) {
        Scheduler[] loop = {Schedulers.immediate()}; // once the connection is gone there is nobody to answer
        request.http().withConnection(
                connection -> loop[0] = Schedulers.fromExecutor(connection.channel().eventLoop()));
        return call.subscribeOn(blocking).publishOn(loop[0]);
    }

    /** @throws ApiError 404 unless the simulator has the symbol */
    private String known(String symbol) {
        if (simulator.latest(symbol).isEmpty()) {
            throw ApiError.unknownSymbols(List.of(symbol));
        }
        return symbol;
    }

    private byte[] state() {
        return SimulatorJson.state(control, simulator.epoch());
    }

    private SymbolParams current(SymbolParams added) {
        return control.parameters().stream().filter(p -> p.symbol().equals(added.symbol())).findFirst().orElse(added);
    }

    private SymbolParams current(String symbol) {
        return control.parameters().stream().filter(p -> p.symbol().equals(symbol)).findFirst()
                .orElseThrow(() -> ApiError.unknownSymbols(List.of(symbol)));
    }
}
