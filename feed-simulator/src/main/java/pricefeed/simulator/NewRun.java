package pricefeed.simulator;

import java.util.List;
import pricefeed.simulator.model.SymbolParams;

/**
 * What a {@link MarketSimulator#restart()} started, read in the same step as the restart itself, so that neither
 * the first ticks of the run nor another restart can come between.
 *
 * @param epoch   the run's name
 * @param symbols every symbol's parameters at the start of the run, in universe order: prices are the starting ones
 */
public record NewRun(String epoch, List<SymbolParams> symbols) {

    public NewRun {
        symbols = List.copyOf(symbols);
    }
}
