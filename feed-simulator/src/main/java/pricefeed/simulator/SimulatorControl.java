package pricefeed.simulator;

import java.util.List;
import pricefeed.simulator.model.SymbolParams;

/**
 * Changes a running simulation. Every method is safe from any thread and takes effect before it
 * returns: ticks that fell due before the call are emitted first, under the old settings. Calls made
 * from inside a tick or event subscriber are refused with {@link IllegalStateException}, as are
 * changes after the simulator is closed.
 *
 * <p>An unknown symbol gives an {@link IllegalArgumentException} naming it; an invalid value gives one
 * naming the field.
 */
public interface SimulatorControl {

    /** @return every symbol's current parameters, with its current mid as the price, in universe order */
    List<SymbolParams> parameters();

    /** @return whether ticks are paused */
    boolean paused();

    /** @return ticks per second over all symbols */
    double tickRate();

    /**
     * Adds a symbol: emits {@link SymbolEvent.Added}, then its ticks from seq 1. The total rate is
     * unchanged and now shared with it.
     *
     * @param params the new symbol, its price the starting mid
     * @throws IllegalArgumentException if the symbol exists or the universe is full
     */
    void addSymbol(SymbolParams params);

    /**
     * Removes a symbol: its ticks stop, its per-symbol flux completes, {@link SymbolEvent.Removed} is emitted.
     *
     * @param symbol a simulated symbol
     */
    void removeSymbol(String symbol);

    /**
     * @param symbol     a simulated symbol
     * @param annualVol  the new annualised volatility, 0 or more (0 freezes the mid apart from jumps and drift)
     */
    void setVolatility(String symbol, double annualVol);

    /**
     * @param symbol      a simulated symbol
     * @param annualDrift the new annualised drift
     */
    void setDrift(String symbol, double annualDrift);

    /** @param ticksPerSecond the new total rate, greater than 0 */
    void setTickRate(double ticksPerSecond);

    /** Stops ticks; simulated time stands still until {@link #resume()}. Idempotent. */
    void pause();

    /** Restarts ticks from where simulated time stopped, without a burst of the paused time. Idempotent. */
    void resume();

    /**
     * Moves mids at once, and emits one tick per affected symbol at once (even while paused) to show it.
     *
     * @param symbol   a simulated symbol, or null for all of them
     * @param fraction the relative move, e.g. -0.05 for 5% down; greater than -1
     */
    void shock(String symbol, double fraction);
}
