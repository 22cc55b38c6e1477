package pricefeed.simulator.load;

import io.netty.buffer.ByteBuf;
import pricefeed.core.json.MalformedMessage;
import pricefeed.core.json.ServerMessage;
import pricefeed.core.json.ServerMessageParser;
import pricefeed.core.market.Tick;

/**
 * What one connection's messages add to its event loop's figures: a tick or snapshot is scanned on the
 * fast path (any other message, or a tick laid out unlike ours, is parsed), seq-checked, then counted and
 * timed, or only counted as backlog, or ignored, as the connection's state says. Confined to the loop.
 */
final class MessageTally {

    /** How a message read now counts, from the connection's state. */
    enum Mode {
        /** A delivery: counted, and a live tick is timed. */
        DELIVERED,
        /** Read by a stalled client: seq-checked, counted as backlog only, whatever the message. */
        BACKLOG,
        /** After our close, or on an idle connection: neither checked nor counted. */
        IGNORED
    }

    private static final ServerMessageParser PARSER = new ServerMessageParser();

    private final SeqTracker seqs;
    private final Census census;
    private boolean confirmed;

    /**
     * @param throttled whether the subscription is throttled (skipped seqs are then conflation)
     * @param census    where confirmed subscriptions and error replies are noted
     */
    MessageTally(boolean throttled, Census census) {
        this.seqs = new SeqTracker(throttled);
        this.census = census;
    }

    /**
     * @param content    one whole message's bytes; not released here
     * @param text       whether it is a text message
     * @param loop       the connection's loop context
     * @param mode       how it counts
     * @param readMicros when the socket read that brought it happened
     */
    void add(ByteBuf content, boolean text, LoopContext loop, Mode mode, long readMicros) {
        if (mode == Mode.IGNORED) {
            return;
        }
        IntervalStats stats = loop.stats();
        if (!text) {
            countAside(stats, mode);
            return;
        }
        TickScanner scanner = loop.scanner;
        if (scanner.scan(content)) {
            tick(stats, mode, readMicros, scanner.snapshot, scanner.symbolId, scanner.seq, scanner.tsMicros,
                    content.readableBytes());
            return;
        }
        ServerMessage parsed;
        try {
            parsed = PARSER.parse(content);
        } catch (MalformedMessage e) {
            countAside(stats, mode);
            return;
        }
        if (parsed instanceof ServerMessage.TickMessage t) {
            parsedTick(stats, mode, readMicros, loop, t.tick(), false, content.readableBytes());
        } else if (parsed instanceof ServerMessage.Snapshot s) {
            parsedTick(stats, mode, readMicros, loop, s.tick(), true, content.readableBytes());
        } else {
            if (parsed instanceof ServerMessage.Subscribed sub) {
                seqs.epoch(sub.epoch(), stats); // seqs are checked in the backlog too
                confirm();
            }
            if (mode == Mode.BACKLOG) {
                stats.backlog++;
                return;
            }
            stats.other++;
            if (parsed instanceof ServerMessage.ErrorReply err) {
                stats.errors++;
                census.errorReply(err.code() + ": " + err.message());
            }
        }
    }

    /** A binary or unreadable message: malformed, unless a stalled client read it, which makes it backlog. */
    private static void countAside(IntervalStats stats, Mode mode) {
        if (mode == Mode.BACKLOG) {
            stats.backlog++;
        } else {
            stats.malformed++;
        }
    }

    /** The connection's first {@code subscribed} reply, tick or snapshot shows the server took its subscribe. */
    private void confirm() {
        if (!confirmed) {
            confirmed = true;
            census.subscribed();
        }
    }

    private void parsedTick(IntervalStats stats, Mode mode, long readMicros, LoopContext loop, Tick tick,
                            boolean snapshot, int bytes) {
        tick(stats, mode, readMicros, snapshot, loop.symbols.intern(tick.symbol()), tick.seq(), tick.tsMicros(),
                bytes);
    }

    private void tick(IntervalStats stats, Mode mode, long readMicros, boolean snapshot, int symbolId, long seq,
                      long tsMicros, int bytes) {
        confirm();
        if (symbolId == SymbolTable.UNTRACKED) {
            stats.untracked++;
        } else if (snapshot) {
            seqs.snapshot(symbolId, seq);
        } else {
            seqs.tick(symbolId, seq, stats);
        }
        switch (mode) {
            case DELIVERED -> {
                stats.bytes += bytes;
                if (snapshot) {
                    stats.snapshots++;
                } else {
                    stats.ticks++;
                    stats.recordLatency(readMicros, tsMicros);
                }
            }
            case BACKLOG -> stats.backlog++;
            default -> { // IGNORED never gets here: add returns first
            }
        }
    }
}
