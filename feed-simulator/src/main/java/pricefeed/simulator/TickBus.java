package pricefeed.simulator;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import pricefeed.core.market.Tick;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Where ticks and symbol events go out: one hot multicast sink for all ticks, one per symbol, one for
 * events, and each symbol's latest tick. Every sink is best effort: a subscriber that has not requested
 * more simply misses ticks, so no subscriber can slow or block the emitter.
 *
 * <p>Emitting methods must be called by one thread at a time (the engine's lock guarantees it), which is
 * why the sinks can skip Reactor's serialisation. Subscribing and reading the latest ticks are safe from
 * any thread.
 */
final class TickBus {

    private final Sinks.Many<Tick> all = Sinks.unsafe().many().multicast().directBestEffort();
    private final Sinks.Many<SymbolEvent> events = Sinks.unsafe().many().multicast().directBestEffort();
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

    /** One symbol's sink and latest tick. */
    private static final class Channel {
        final Sinks.Many<Tick> sink = Sinks.unsafe().many().multicast().directBestEffort();
        volatile Tick latest;

        Channel(Tick initial) {
            latest = initial;
        }
    }

    /** @param initial a new symbol's state before its first tick */
    void open(Tick initial) {
        channels.put(initial.symbol(), new Channel(initial));
    }

    /** @param symbol a symbol that is gone: its flux completes and it has no latest tick any more */
    void close(String symbol) {
        Channel channel = channels.remove(symbol);
        if (channel != null) {
            channel.sink.tryEmitComplete();
        }
    }

    /** @param initial a symbol's state at the start of a new run, replacing its latest tick */
    void reset(Tick initial) {
        Channel channel = channels.get(initial.symbol());
        if (channel != null) {
            channel.latest = initial;
        }
    }

    /**
     * Records the tick as its symbol's latest, then emits it: anyone who receives it and then asks for
     * the latest tick sees this one or a newer one.
     *
     * @param tick a new tick
     */
    void publish(Tick tick) {
        Channel channel = channels.get(tick.symbol());
        if (channel != null) {
            channel.latest = tick;
            channel.sink.tryEmitNext(tick);
        }
        all.tryEmitNext(tick);
    }

    /** @param event a change to announce */
    void announce(SymbolEvent event) {
        events.tryEmitNext(event);
    }

    /** @return all ticks, hot */
    Flux<Tick> ticks() {
        return all.asFlux();
    }

    /**
     * @param symbol a simulated symbol
     * @return its ticks, hot; completes when it is removed
     * @throws IllegalArgumentException naming it if unknown
     */
    Flux<Tick> ticks(String symbol) {
        Channel channel = symbol == null ? null : channels.get(symbol);
        if (channel == null) {
            throw new IllegalArgumentException("unknown symbol: " + symbol);
        }
        return channel.sink.asFlux();
    }

    /** @return symbol events, hot */
    Flux<SymbolEvent> events() {
        return events.asFlux();
    }

    /**
     * @param symbol a symbol name
     * @return its latest tick, if it is simulated
     */
    Optional<Tick> latest(String symbol) {
        Channel channel = symbol == null ? null : channels.get(symbol);
        return channel == null ? Optional.empty() : Optional.of(channel.latest);
    }

    /** Completes every flux: the simulator is closed. */
    void complete() {
        channels.values().forEach(channel -> channel.sink.tryEmitComplete());
        all.tryEmitComplete();
        events.tryEmitComplete();
    }
}
