package pricefeed.server.web;

import com.fasterxml.jackson.core.JsonGenerator;
import pricefeed.core.json.PriceWriter;
import pricefeed.simulator.SimulatorControl;
import pricefeed.simulator.model.SymbolParams;

import java.io.IOException;
import java.util.List;

/**
 * The simulator's state as the operator API shows it. Prices and tick sizes are written with exactly
 * the symbol's decimals, like every price on the wire.
 */
final class SimulatorJson {

    private static final long[] POW10 = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
        100_000_000L};

    private SimulatorJson() {
    }

    /**
     * @param control the simulator
     * @param epoch   its current epoch
     * @return {@code {"paused":..,"tickRate":..,"epoch":..,"symbols":[...]}}
     */
    static byte[] state(SimulatorControl control, String epoch) {
        return state(control, epoch, control.parameters());
    }

    /**
     * @param control the simulator, for its pause state and rate
     * @param epoch   the run to name
     * @param symbols the symbols' parameters to show, e.g. as they were when that run started
     * @return the state as {@link #state(SimulatorControl, String)} writes it
     */
    static byte[] state(SimulatorControl control, String epoch, List<SymbolParams> symbols) {
        return JsonResponses.object(g -> {
            g.writeBooleanField("paused", control.paused());
            g.writeNumberField("tickRate", control.tickRate());
            g.writeStringField("epoch", epoch);
            g.writeArrayFieldStart("symbols");
            for (SymbolParams p : symbols) {
                g.writeStartObject();
                fields(g, p);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /**
     * @param params one symbol's parameters
     * @return {@code {"symbol":..,"decimals":..,"tickSize":..,"price":..,"volatility":..,"drift":..}}
     */
    static byte[] symbol(SymbolParams params) {
        return JsonResponses.object(g -> fields(g, params));
    }

    private static void fields(JsonGenerator g, SymbolParams p) throws IOException {
        g.writeStringField("symbol", p.symbol());
        g.writeNumberField("decimals", p.decimals());
        g.writeFieldName("tickSize");
        g.writeNumber(PriceWriter.toString(p.tickSize(), p.decimals()));
        g.writeFieldName("price");
        g.writeNumber(PriceWriter.toString(Math.round(p.price() * POW10[p.decimals()]), p.decimals()));
        g.writeNumberField("volatility", p.volatility());
        g.writeNumberField("drift", p.drift());
    }
}
