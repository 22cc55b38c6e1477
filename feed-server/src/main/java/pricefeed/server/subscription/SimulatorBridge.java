package pricefeed.server.subscription;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.simulator.MarketSimulator;
import pricefeed.simulator.SymbolEvent;
import reactor.core.Disposable;
import reactor.core.Disposables;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds a {@link TickFanout} from a {@link MarketSimulator}: the simulator's current symbols, then its
 * ticks and its symbol events (additions, removals, restarts) as they happen.
 *
 * <p>Both simulator fluxes are hot and emitted from one thread in order, so an addition reaches the
 * fan-out before the new symbol's first tick and a restart before the new run's first tick. Connect
 * before {@link MarketSimulator#start()} (or while it is paused): ticks made between reading the
 * initial symbols and subscribing would otherwise never reach the fan-out.
 */
public final class SimulatorBridge {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatorBridge.class);

    private final MarketSimulator simulator;
    private final TickFanout fanout;
    private final AtomicLong ticksLostToMemory = new AtomicLong();

    private SimulatorBridge(MarketSimulator simulator, TickFanout fanout) {
        this.simulator = simulator;
        this.fanout = fanout;
    }

    /**
     * @param simulator the tick source
     * @param fanout    where its ticks go; takes the simulator's epoch if it has another one
     * @return disposing it stops feeding the fan-out
     */
    public static Disposable connect(MarketSimulator simulator, TickFanout fanout) {
        return new SimulatorBridge(simulator, fanout).connect();
    }

    private Disposable connect() {
        if (!simulator.epoch().equals(fanout.epoch())) {
            fanout.newEpoch(simulator.epoch(), this::initialOf);
        }
        for (SymbolSpec spec : simulator.symbols()) {
            simulator.latest(spec.symbol()).ifPresent(tick -> fanout.addSymbol(spec, tick));
        }
        Disposable events = simulator.symbolEvents().subscribe(
                this::onEvent,
                error -> LOG.error("simulator events failed; the fan-out no longer follows symbol changes", error));
        Disposable ticks = simulator.ticks().subscribe(
                this::onTick,
                error -> LOG.error("simulator ticks failed; the fan-out gets no more ticks", error));
        return Disposables.composite(events, ticks);
    }

    private void onTick(Tick tick) {
        try {
            fanout.publish(tick);
        } catch (RuntimeException e) {
            // A throwing consumer would cancel the subscription and silence the feed for good.
            LOG.error("publishing a tick of {} failed", tick.symbol(), e);
        } catch (OutOfMemoryError e) {
            // Reactor takes any OutOfMemoryError for fatal and ends the subscription: the feed would stay
            // silent after the memory came back (seen with the direct memory used up by stalled clients,
            // whose drops free it again). The tick is lost, and subscribers see the gap by seq.
            long lost = ticksLostToMemory.incrementAndGet();
            if (Long.bitCount(lost) == 1) { // the 1st, 2nd, 4th, 8th ...: a few lines however long it lasts
                LOG.error("publishing ticks failed for want of memory {} times so far, the latest a tick of {}: {}",
                        lost, tick.symbol(), e.getMessage());
            }
        }
    }

    private void onEvent(SymbolEvent event) {
        try {
            if (event instanceof SymbolEvent.Added added) {
                fanout.addSymbol(added.spec(), added.initial());
            } else if (event instanceof SymbolEvent.Removed removed) {
                fanout.removeSymbol(removed.symbol());
            } else if (event instanceof SymbolEvent.EpochChanged changed) {
                fanout.newEpoch(changed.epoch(), this::initialOf);
            }
        } catch (RuntimeException e) {
            LOG.error("applying {} to the fan-out failed", event, e);
        }
    }

    /** The simulator resets every symbol before announcing a new epoch, so its latest tick is the initial one. */
    private Tick initialOf(String symbol) {
        return simulator.latest(symbol).orElseGet(() -> {
            Tick last = fanout.latest(symbol).orElseThrow();
            return new Tick(symbol, last.decimals(), 0, last.tsMicros(), last.bid(), last.ask(), last.last(), 0,
                    0);
        });
    }
}
