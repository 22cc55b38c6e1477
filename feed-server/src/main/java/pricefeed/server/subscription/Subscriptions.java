package pricefeed.server.subscription;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connection's subscriptions. The session calls it from the connection's event loop; the fan-out
 * calls {@link #symbolAdded} from the tick source's thread for wildcard subscriptions, hence the lock.
 */
public final class Subscriptions {

    /** The wildcard: every symbol, including ones added later. */
    public static final String ALL = "*";

    /** Why {@link #check} refuses a subscribe. */
    public sealed interface Outcome {
        /** Nothing subscribed: these symbols are unknown. */
        record UnknownSymbols(List<String> unknown) implements Outcome { }
        /** Nothing subscribed: the connection would hold too many symbols. */
        record TooMany(int limit) implements Outcome { }
    }

    /** Most bytes of snapshots and replays {@link #pullCatchUps} is asked for at a time. */
    public static final long MAX_CATCH_UP_PART = 64 * 1024;

    private final TickFanout fanout;
    private final Subscriber subscriber;
    private final int maxSymbols;
    // Both maps start as the shared empty map (which reads as empty and removes nothing) and are made on
    // the first subscribe: most connections of a large fleet may never subscribe, and two maps are about
    // 110 bytes of every idle connection's 3.7 KiB.
    private Map<String, SymbolSubscription> bySymbol = Collections.emptyMap();
    // Pending catch-ups by symbol, oldest first: at most one per held symbol, dropped with the symbol.
    private Map<String, CatchUp> catchUps = Collections.emptyMap();
    // Whether catchUps is non-empty, readable without the lock: the connection asks after every drain,
    // and almost always the answer is no. Whoever adds a catch-up then calls catchUpWaiting, so a stale
    // "no" is followed by another ask.
    private volatile boolean catchUpsPending;
    // Symbols a passed check promised to the subscribe that follows it. A symbol the market adds between
    // the two (on the tick source's thread) must not take one of those places.
    private int reserved;
    private boolean wildcard;
    private int wildcardThrottleMs;
    private boolean closed;

    /**
     * @param fanout     the fan-out
     * @param subscriber the connection
     * @param maxSymbols how many symbols this connection may hold
     */
    public Subscriptions(TickFanout fanout, Subscriber subscriber, int maxSymbols) {
        this.fanout = fanout;
        this.subscriber = subscriber;
        this.maxSymbols = maxSymbols;
    }

    /**
     * Checks a subscribe without doing it; the session sends {@code subscribed} only when this passes,
     * so the reply precedes the snapshots.
     *
     * @param symbols requested symbols (may contain {@link #ALL})
     * @return null if it may go ahead, else why not
     */
    public synchronized Outcome check(List<String> symbols) {
        List<String> unknown = new ArrayList<>();
        // A symbol named beside `*`, or named twice, is one more symbol held, not two.
        boolean all = symbols.contains(ALL);
        Set<String> named = all ? null : new HashSet<>();
        for (String s : symbols) {
            if (ALL.equals(s)) {
                continue;
            }
            if (!fanout.knows(s)) {
                unknown.add(s);
            } else if (!all && !bySymbol.containsKey(s)) {
                named.add(s);
            }
        }
        reserved = 0;
        if (!unknown.isEmpty()) {
            return new Outcome.UnknownSymbols(unknown);
        }
        int added = all ? unheldMarketSymbols() : named.size();
        if (bySymbol.size() + added > maxSymbols) {
            // Symbols removed from the market still count until swept; sweep only when it matters.
            return forgetRemovedSymbols() ? check(symbols) : new Outcome.TooMany(maxSymbols);
        }
        reserved = added;
        return null;
    }

    private int unheldMarketSymbols() {
        int unheld = 0;
        for (var spec : fanout.symbols()) {
            if (!bySymbol.containsKey(spec.symbol())) {
                unheld++;
            }
        }
        return unheld;
    }

    /**
     * Subscribes (after a successful {@link #check}, whose places it fills). New symbols get a snapshot, or a replay when
     * {@code from} names them and the history reaches back; symbols already held only take the new
     * throttle. Neither is sent here: the subscriber is told {@linkplain Subscriber#catchUpWaiting()
     * a catch-up waits} and pulls them with {@link #pullCatchUps}.
     *
     * @param symbols    requested symbols (may contain {@link #ALL})
     * @param from       last seq per symbol the client has, for a resume
     * @param epoch      the epoch those seqs belong to, or null
     * @param throttleMs 0 or the conflation interval
     */
    public synchronized void subscribe(List<String> symbols, Map<String, Long> from, String epoch, int throttleMs) {
        if (closed) {
            return;
        }
        boolean sameEpoch = epoch == null || epoch.equals(fanout.epoch());
        for (String s : symbols) {
            if (ALL.equals(s)) {
                if (!wildcard) {
                    wildcard = true;
                    fanout.addWildcard(this);
                }
                wildcardThrottleMs = throttleMs;
                // In order of appearance, so symbols added since the check come last and are the ones
                // left out at the limit, as they would be had they come after the subscribe.
                for (var spec : fanout.symbols()) {
                    String symbol = spec.symbol();
                    if (bySymbol.size() < maxSymbols || bySymbol.containsKey(symbol)) {
                        attach(symbol, startOf(sameEpoch ? from.get(symbol) : null), throttleMs);
                    }
                }
            } else {
                attach(s, startOf(sameEpoch ? from.get(s) : null), throttleMs);
            }
        }
        reserved = 0;
        if (!catchUps.isEmpty()) {
            subscriber.catchUpWaiting();
        }
    }

    /** @return where a subscribe starts: after the client's last seq, or at a snapshot of the latest state */
    private static long startOf(Long fromSeq) {
        return fromSeq == null ? SymbolSubscription.SNAPSHOT : fromSeq;
    }

    /**
     * A symbol already held only takes the new throttle: the latest subscribe for a symbol sets it, {@code *}
     * included.
     *
     * @param start the client's last seq for a resume, {@link SymbolSubscription#SNAPSHOT} or
     *              {@link SymbolSubscription#SINCE_OPEN}
     */
    private void attach(String symbol, long start, int throttleMs) {
        SymbolSubscription existing = bySymbol.get(symbol);
        if (existing != null && !existing.isCancelled()) {
            existing.throttle(throttleMs);
            return;
        }
        SymbolFeed feed = fanout.feed(symbol);
        if (feed == null) {
            return; // removed between check and subscribe
        }
        SymbolSubscription sub = new SymbolSubscription(subscriber, symbol, throttleMs, fanout.nanoClock());
        if (bySymbol.isEmpty()) {
            bySymbol = new LinkedHashMap<>();
        }
        bySymbol.put(symbol, sub);
        CatchUp catchUp = feed.attach(sub, start);
        if (catchUp != null) {
            if (catchUps.isEmpty()) {
                catchUps = new LinkedHashMap<>();
            }
            catchUps.put(symbol, catchUp);
            catchUpsPending = true;
        }
    }

    /**
     * Sends the next part of the pending catch-ups (snapshots and replays), oldest first; call when
     * the connection has room (its queue ran dry and the socket takes more).
     *
     * @param maxBytes about how many bytes to send
     * @return true if it offered anything; false when no catch-up is pending
     */
    public boolean pullCatchUps(long maxBytes) {
        if (!catchUpsPending) {
            return false;
        }
        synchronized (this) {
            long left = maxBytes;
            boolean offered = false;
            long now = fanout.nanoClock().getAsLong();
            Iterator<CatchUp> pending = catchUps.values().iterator();
            while (left > 0 && pending.hasNext()) {
                CatchUp.Progress progress = pending.next().pull(left, fanout.frames(), now);
                if (progress.finished()) {
                    pending.remove();
                }
                offered |= progress.bytes() > 0;
                left -= progress.bytes();
            }
            catchUpsPending = !catchUps.isEmpty();
            return offered;
        }
    }

    /**
     * @param budgetBytes the connection's outbound budget
     * @return how much one {@link #pullCatchUps} should send: {@link #MAX_CATCH_UP_PART}, and at most a
     *         quarter of the budget, so that live ticks of other symbols still fit beside a part
     */
    public static long catchUpPart(long budgetBytes) {
        return Math.max(1, Math.min(MAX_CATCH_UP_PART, budgetBytes / 4));
    }

    /** @return whether a catch-up is waiting to be pulled */
    public boolean hasCatchUps() {
        return catchUpsPending;
    }

    /**
     * @param symbols symbols to drop ({@link #ALL} drops everything, including the wildcard)
     */
    public synchronized void unsubscribe(List<String> symbols) {
        for (String s : symbols) {
            if (ALL.equals(s)) {
                dropWildcard();
                for (String held : new ArrayList<>(bySymbol.keySet())) {
                    detach(held);
                }
            } else {
                detach(s);
            }
        }
    }

    private void detach(String symbol) {
        SymbolSubscription sub = bySymbol.remove(symbol);
        if (catchUps.remove(symbol) != null) {
            catchUpsPending = !catchUps.isEmpty();
        }
        if (sub == null) {
            return;
        }
        SymbolFeed feed = fanout.feed(symbol);
        if (feed != null) {
            feed.detach(sub);
        } else {
            sub.cancel();
        }
    }

    private void dropWildcard() {
        if (wildcard) {
            wildcard = false;
            fanout.removeWildcard(this);
        }
    }

    /** A symbol appeared and this connection holds the wildcard. */
    synchronized void symbolAdded(String symbol) {
        if (closed || !wildcard) {
            return;
        }
        if (bySymbol.size() + reserved >= maxSymbols) {
            forgetRemovedSymbols(); // removed symbols still count until swept
        }
        if (bySymbol.size() + reserved < maxSymbols) {
            // Unthrottled, the client gets the new symbol whole: its first state (seq 0, or the last seq + 1
            // of a symbol added again) and every tick since, as if it had been live when it appeared. A
            // throttled one wants the newest state, which its snapshot is.
            long start = wildcardThrottleMs == 0 ? SymbolSubscription.SINCE_OPEN : SymbolSubscription.SNAPSHOT;
            attach(symbol, start, wildcardThrottleMs);
            subscriber.catchUpWaiting();
        }
    }

    /**
     * Symbols removed from the market cancel their subscriptions; they count against no limit.
     *
     * @return whether any was forgotten
     */
    private boolean forgetRemovedSymbols() {
        boolean forgot = bySymbol.entrySet().removeIf(held -> {
            boolean gone = held.getValue().isCancelled();
            if (gone) {
                catchUps.remove(held.getKey());
            }
            return gone;
        });
        catchUpsPending = !catchUps.isEmpty();
        return forgot;
    }

    /** The connection is gone: detach from everything. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        dropWildcard();
        for (String held : new ArrayList<>(bySymbol.keySet())) {
            detach(held);
        }
        closed = true;
    }
}
