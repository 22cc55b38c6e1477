package pricefeed.simulator;

import java.util.List;
import java.util.Objects;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.simulator.model.SymbolParams;
import pricefeed.simulator.model.TickGenerator;

/** {@link SimulatorControl} on top of the engine: checks the arguments, then changes the run under its lock. */
final class EngineControl implements SimulatorControl {

    private final SimulationEngine engine;
    private final TickBus bus;

    EngineControl(SimulationEngine engine, TickBus bus) {
        this.engine = engine;
        this.bus = bus;
    }

    @Override
    public List<SymbolParams> parameters() {
        return engine.read(TickGenerator::parameters);
    }

    @Override
    public boolean paused() {
        return engine.paused();
    }

    @Override
    public double tickRate() {
        return engine.read(TickGenerator::tickRate);
    }

    @Override
    public void addSymbol(SymbolParams params) {
        Objects.requireNonNull(params, "params");
        engine.change((generator, now) -> {
            Tick initial = generator.add(params, now);
            bus.open(initial);
            engine.refreshSymbols();
            bus.announce(new SymbolEvent.Added(params.spec(), initial));
        });
    }

    @Override
    public void removeSymbol(String symbol) {
        engine.change((generator, now) -> {
            generator.remove(symbol);
            bus.close(symbol);
            engine.refreshSymbols();
            bus.announce(new SymbolEvent.Removed(symbol));
        });
    }

    @Override
    public void setVolatility(String symbol, double annualVol) {
        SymbolParams.checkVolatility(annualVol);
        engine.change((generator, now) -> generator.setVolatility(symbol, annualVol));
    }

    @Override
    public void setDrift(String symbol, double annualDrift) {
        SymbolParams.checkDrift(annualDrift);
        engine.change((generator, now) -> generator.setDrift(symbol, annualDrift));
    }

    @Override
    public void setTickRate(double ticksPerSecond) {
        engine.change((generator, now) -> generator.setTickRate(ticksPerSecond));
    }

    @Override
    public void pause() {
        engine.pause();
    }

    @Override
    public void resume() {
        engine.resume();
    }

    @Override
    public void shock(String symbol, double fraction) {
        TickGenerator.checkShock(fraction);
        engine.change((generator, now) -> {
            if (symbol != null) {
                bus.publish(generator.shock(symbol, fraction, now));
                return;
            }
            for (SymbolSpec spec : generator.specs()) {
                bus.publish(generator.shock(spec.symbol(), fraction, now));
            }
        });
    }
}
