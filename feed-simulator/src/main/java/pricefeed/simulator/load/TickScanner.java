package pricefeed.simulator.load;

import io.netty.buffer.ByteBuf;
import pricefeed.core.json.TickHeaderScanner;

/**
 * The load client's hot path: feed-core's {@link TickHeaderScanner} reads a {@code tick} or
 * {@code snapshot} message's kind, symbol, seq and {@code ts}, and the symbol becomes a
 * {@link SymbolTable} id instead of a String, so a tick costs no allocation. Anything laid out
 * differently is "not a tick" and goes to the full parser.
 *
 * <p>One scanner per event loop; the fields of the last successful {@link #scan} are read directly.
 */
final class TickScanner {

    private final SymbolTable symbols;
    private final TickHeaderScanner header = new TickHeaderScanner();

    /** Last scan: whether it was a snapshot (else a live tick). */
    boolean snapshot;
    /** Last scan: the symbol's id, or {@link SymbolTable#UNTRACKED}. */
    int symbolId;
    /** Last scan: the seq. */
    long seq;
    /** Last scan: the {@code ts}, µs since the Unix epoch. */
    long tsMicros;

    /** @param symbols the event loop's symbol ids */
    TickScanner(SymbolTable symbols) {
        this.symbols = symbols;
    }

    /**
     * @param message one whole text message; neither consumed nor released
     * @return whether it is a tick or snapshot in the server's layout; if so, the fields hold its header
     */
    boolean scan(ByteBuf message) {
        if (!header.scan(message)) {
            return false;
        }
        snapshot = header.snapshot();
        symbolId = symbols.intern(header.bytes(), header.symbolStart(), header.symbolLength(),
                SymbolTable.spread(header.symbolHash()));
        seq = header.seq();
        tsMicros = header.tsMicros();
        return true;
    }
}
