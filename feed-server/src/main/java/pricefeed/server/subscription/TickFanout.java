package pricefeed.server.subscription;

import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Turns each tick into one shared frame and hands it to every subscriber of its symbol. The tick is
 * serialised to JSON and framed once, whatever the number of subscribers (server frames are unmasked,
 * so the bytes are the same for everyone); delivery only queues, so a stalled connection never holds
 * up the ticker or anyone else.
 *
 * <p>Ticks arrive on the tick source's thread; symbols and epochs change on it too. Subscriptions are
 * made from connection threads; {@link SymbolFeed}'s lock orders the two.
 */
public final class TickFanout implements AutoCloseable {

    private final ServerFrames frames;
    private final int historySize;
    private final HistoryBudget historyBudget;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, SymbolFeed> feeds = new ConcurrentHashMap<>();
    // Not copy-on-write: thousands of connections subscribing to `*` would copy the set once each.
    private final Set<Subscriptions> wildcards = ConcurrentHashMap.newKeySet();
    private final LongAdder ticksPublished = new LongAdder();
    private volatile List<SymbolSpec> symbols = List.of();
    private volatile String epoch;
    /** Read-held by a subscribe and its reply ({@link #inCurrentEpoch}), write-held by {@link #newEpoch}. */
    private final ReentrantReadWriteLock epochLock = new ReentrantReadWriteLock();

    /**
     * @param frames      builds the shared frames
     * @param historySize ticks kept per symbol for resume
     * @param epoch       the tick source's current epoch
     * @param nanoClock   monotonic nanoseconds ({@code System::nanoTime}; virtual time in tests)
     */
    public TickFanout(ServerFrames frames, int historySize, String epoch, LongSupplier nanoClock) {
        this(frames, historySize, HistoryBudget.unlimited(), epoch, nanoClock);
    }

    /**
     * @param frames        builds the shared frames
     * @param historySize   ticks kept per symbol for resume, at most
     * @param historyBudget ticks kept for resume over all symbols, at most
     * @param epoch         the tick source's current epoch
     * @param nanoClock     monotonic nanoseconds ({@code System::nanoTime}; virtual time in tests)
     */
    public TickFanout(ServerFrames frames, int historySize, HistoryBudget historyBudget, String epoch,
                      LongSupplier nanoClock) {
        this.frames = frames;
        this.historySize = historySize;
        this.historyBudget = historyBudget;
        this.nanoClock = nanoClock;
        this.epoch = epoch;
    }

    /**
     * Publishes one tick to its symbol's subscribers.
     *
     * @param tick the tick; ticks of unknown symbols are ignored
     */
    public void publish(Tick tick) {
        SymbolFeed feed = feeds.get(tick.symbol());
        if (feed == null) {
            return;
        }
        OutFrame frame = new OutFrame(frames.tick(tick), nanoClock.getAsLong(), tick.tsMicros());
        feed.publish(tick, frame);
        ticksPublished.increment();
    }

    /**
     * A symbol appears; wildcard subscribers get it at once (snapshot first).
     *
     * @param spec    the symbol
     * @param initial its state before its first tick (seq 0) or its latest tick
     */
    public void addSymbol(SymbolSpec spec, Tick initial) {
        SymbolFeed feed = new SymbolFeed(spec, initial, historySize, historyBudget);
        if (feeds.putIfAbsent(spec.symbol(), feed) != null) {
            return;
        }
        synchronized (this) {
            List<SymbolSpec> grown = new ArrayList<>(symbols);
            grown.add(spec);
            symbols = Collections.unmodifiableList(grown);
        }
        for (Subscriptions w : wildcards) {
            w.symbolAdded(spec.symbol());
        }
    }

    /**
     * A symbol is gone: its subscribers stop receiving it.
     *
     * @param symbol the symbol
     */
    public void removeSymbol(String symbol) {
        SymbolFeed feed = feeds.remove(symbol);
        if (feed == null) {
            return;
        }
        synchronized (this) {
            List<SymbolSpec> shrunk = new ArrayList<>(symbols);
            shrunk.removeIf(s -> s.symbol().equals(symbol));
            symbols = Collections.unmodifiableList(shrunk);
        }
        feed.close();
    }

    /**
     * The tick source restarted: seqs start again and no history serves a resume.
     *
     * @param newEpoch   the new epoch
     * @param initialOf  each symbol's state at the restart
     */
    public void newEpoch(String newEpoch, Function<String, Tick> initialOf) {
        Lock lock = epochLock.writeLock();
        lock.lock();
        try {
            // Every frame is offered while the epoch names its run: an SSE event's id takes the epoch then.
            for (SymbolFeed feed : feeds.values()) {
                feed.endRun(frames, nanoClock.getAsLong());
            }
            this.epoch = newEpoch;
            for (SymbolFeed feed : feeds.values()) {
                feed.newEpoch(initialOf.apply(feed.spec().symbol()), frames, nanoClock.getAsLong());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a subscribe and the queueing of its reply as one step with respect to a new epoch, which comes
     * wholly before it or wholly after. So the epoch a reply names is the run of the data that follows it:
     * a restart before it leaves the old run unseen, and one after it reaches the new subscriptions as
     * snapshots going back to seq 0. A resume's epoch check and its replay are one step for the same reason.
     *
     * @param subscribeAndReply given the current epoch; must not block
     */
    public void inCurrentEpoch(Consumer<String> subscribeAndReply) {
        Lock lock = epochLock.readLock();
        lock.lock();
        try {
            subscribeAndReply.accept(epoch);
        } finally {
            lock.unlock();
        }
    }

    /** @return the current epoch */
    public String epoch() {
        return epoch;
    }

    /** @return the symbols in the order they appeared */
    public List<SymbolSpec> symbols() {
        return symbols;
    }

    /**
     * @param symbol a symbol
     * @return whether it is known
     */
    public boolean knows(String symbol) {
        return feeds.containsKey(symbol);
    }

    /**
     * @param symbol a symbol
     * @return its latest tick (seq 0 before its first), empty if unknown
     */
    public Optional<Tick> latest(String symbol) {
        SymbolFeed feed = feeds.get(symbol);
        return feed == null ? Optional.empty() : Optional.of(feed.latest());
    }

    /**
     * @param symbol a symbol
     * @return its state at the start of the epoch (or when it was added), empty if unknown
     */
    public Optional<Tick> open(String symbol) {
        SymbolFeed feed = feeds.get(symbol);
        return feed == null ? Optional.empty() : Optional.of(feed.open());
    }

    /**
     * Subscribes a non-WebSocket consumer (SSE) exactly like a stream session: snapshot or replay
     * first, then live ticks, through the same {@link Subscriptions} rules.
     *
     * @param subscriber where frames go
     * @param maxSymbols the consumer's symbol limit
     * @return its subscriptions; close them when the consumer goes away
     */
    public Subscriptions subscriptionsFor(Subscriber subscriber, int maxSymbols) {
        return new Subscriptions(this, subscriber, maxSymbols);
    }

    /** @return ticks published since start */
    public long ticksPublished() {
        return ticksPublished.sum();
    }

    /** @return (subscriber, symbol) subscriptions attached now, stream and SSE alike */
    public long subscriptions() {
        long n = 0;
        for (SymbolFeed feed : feeds.values()) {
            n += feed.subscriberCount();
        }
        return n;
    }

    /** @return the frame builder shared by the fan-out and the sessions */
    public ServerFrames frames() {
        return frames;
    }

    /** @return the clock every queue and timer of this fan-out measures with */
    public LongSupplier nanoClock() {
        return nanoClock;
    }

    /** Drops every symbol, its subscribers and its history (releasing the frames it holds). */
    @Override
    public void close() {
        for (String symbol : List.copyOf(feeds.keySet())) {
            removeSymbol(symbol);
        }
    }

    SymbolFeed feed(String symbol) {
        return feeds.get(symbol);
    }

    void addWildcard(Subscriptions s) {
        wildcards.add(s);
    }

    void removeWildcard(Subscriptions s) {
        wildcards.remove(s);
    }
}
