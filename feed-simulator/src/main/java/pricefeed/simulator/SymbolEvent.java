package pricefeed.simulator;

import java.util.Objects;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

/** A change of the simulated universe or run, in the order it happened relative to the ticks. */
public sealed interface SymbolEvent permits SymbolEvent.Added, SymbolEvent.Removed, SymbolEvent.EpochChanged {

    /**
     * A symbol was added; its ticks follow, from seq 1.
     *
     * @param spec    the new symbol
     * @param initial its state before its first tick (seq 0)
     */
    record Added(SymbolSpec spec, Tick initial) implements SymbolEvent {
        public Added {
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(initial, "initial");
        }
    }

    /**
     * A symbol was removed; it has no more ticks and its per-symbol flux has completed.
     *
     * @param symbol the removed symbol
     */
    record Removed(String symbol) implements SymbolEvent {
        public Removed {
            Objects.requireNonNull(symbol, "symbol");
        }
    }

    /**
     * The run restarted: every symbol is back at its initial state (seq 0) and the next ticks start at seq 1.
     *
     * @param epoch the new run's name
     */
    record EpochChanged(String epoch) implements SymbolEvent {
        public EpochChanged {
            Objects.requireNonNull(epoch, "epoch");
        }
    }
}
