package pricefeed.simulator.load;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one event loop's connections share, confined to that loop: the symbol ids, the scanner, the
 * figures of the current interval, and the list of its connections. Nothing here is locked; the
 * reporting thread reaches it only through tasks run on the loop ({@link LoopRegistry#onEachLoop}).
 */
final class LoopContext {

    final EventLoop eventLoop;
    final SymbolTable symbols = new SymbolTable(LoadConstants.MAX_SYMBOLS);
    final TickScanner scanner = new TickScanner(symbols);
    private final List<LoadConnection> connections = new ArrayList<>();
    private IntervalStats current = new IntervalStats();

    /** @param eventLoop the loop this context belongs to */
    LoopContext(EventLoop eventLoop) {
        this.eventLoop = eventLoop;
    }

    /** @return the interval being written; event loop only */
    IntervalStats stats() {
        return current;
    }

    /**
     * Ends the current interval and starts a new one; event loop only.
     *
     * @return the interval just ended, from now on owned by the caller
     */
    IntervalStats flip() {
        IntervalStats done = current;
        current = new IntervalStats();
        return done;
    }

    /**
     * @param connection a connection whose channel runs on this loop; event loop only
     */
    void register(LoadConnection connection) {
        connections.add(connection);
    }

    /** @return this loop's connections, in the order they connected; event loop only */
    List<LoadConnection> connections() {
        return connections;
    }
}
