package pricefeed.server.subscription;

import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

/**
 * Everything the fan-out knows about one symbol: its latest tick, its history and its subscribers.
 * Publishing a tick and a subscriber's catch-up (its snapshot or replay) take the same lock, which
 * is what makes the catch-up meet the live ticks with no gap and no duplicate. Nothing under the lock blocks: delivery
 * only queues.
 */
final class SymbolFeed {

    private final SymbolSpec spec;
    private final TickHistory history;
    private Tick latest;
    private Tick open;
    private final SubscriptionSet subscribers = new SubscriptionSet();
    private boolean closed;

    SymbolFeed(SymbolSpec spec, Tick initial, int historySize, HistoryBudget budget) {
        this.spec = spec;
        this.latest = initial;
        this.open = initial;
        this.history = new TickHistory(historySize, budget);
    }

    SymbolSpec spec() {
        return spec;
    }

    synchronized Tick latest() {
        return latest;
    }

    /** @return the symbol's state when it appeared or the epoch began: "change since open" is measured from it */
    synchronized Tick open() {
        return open;
    }

    /**
     * @param tick  the new tick
     * @param frame its shared frame; this method consumes the caller's reference
     */
    synchronized void publish(Tick tick, OutFrame frame) {
        if (closed) {
            frame.bytes().release(); // removed while this tick was on its way: nobody to give it to
            return;
        }
        latest = tick;
        subscribers.deliver(frame);
        try {
            history.add(tick.seq(), frame.bytes());
        } finally {
            frame.bytes().release();
        }
    }

    /**
     * Adds the subscription in catch-up: its snapshot, or its replay from history after
     * {@code fromSeq} when the history reaches back that far, is sent when the connection
     * {@linkplain #pull pulls} it, as it has room; meanwhile the live ticks wait in history. So a
     * subscribe to thousands of symbols, or a resume of megabytes, never sits in a queue whole.
     *
     * @param sub      the subscription to add
     * @param fromSeq  the client's last seq for a resume, {@link SymbolSubscription#SNAPSHOT} for a plain
     *                 subscribe, or {@link SymbolSubscription#SINCE_OPEN} to start from the symbol's first state
     * @return the catch-up to pull, or null when the symbol is gone (the subscription is cancelled then)
     */
    synchronized CatchUp attach(SymbolSubscription sub, long fromSeq) {
        if (closed) {
            sub.cancel(); // removed between the caller's lookup and now
            return null;
        }
        // A resume from the latest seq has nothing to replay, yet it too goes live only when pulled: the
        // connection queues its subscribed reply after this returns and pulls after that, so no tick overtakes
        // the reply. A resume from a symbol's last seq before it was removed and added again misses nothing:
        // what follows is the new incarnation's first state, at that seq + 1, then its ticks. (The pull checks
        // that the history still holds them.)
        boolean replay = fromSeq >= 0 && history.reaches(fromSeq, latest.seq());
        boolean sinceOpen = fromSeq == SymbolSubscription.SINCE_OPEN || (fromSeq >= 0 && fromSeq == open.seq() - 1);
        sub.catchUpAt(replay ? fromSeq + 1 : sinceOpen ? SymbolSubscription.SINCE_OPEN : SymbolSubscription.SNAPSHOT);
        subscribers.add(sub);
        return new CatchUp(this, sub);
    }

    /**
     * Sends the next part of a catch-up: the snapshot, or history frames from where the replay
     * stands, about {@code maxBytes} of them. When it reaches the latest tick the subscription goes
     * live, under the same lock as {@link #publish}, so a snapshot's seq + 1 is the next tick and a
     * replay has no gap and no duplicate. If the history has moved past a replay (the client read it
     * slower than the symbol ticks) it ends with a snapshot, and the client sees the gap by seq, as
     * with a resume from too far back. A catch-up {@link SymbolSubscription#SINCE_OPEN} starts with a
     * snapshot of the symbol's first state and replays every tick since, while the history holds them.
     *
     * @param sub      the catching-up subscription
     * @param maxBytes about how many bytes to send
     * @param frames   builds the snapshot frame
     * @param nowNanos the current {@link System#nanoTime()}
     * @return the bytes offered, and whether the catch-up is over
     */
    synchronized CatchUp.Progress pull(SymbolSubscription sub, long maxBytes, ServerFrames frames, long nowNanos) {
        long next = sub.catchUpSeq();
        if (next == 0 || sub.isCancelled()) {
            return CatchUp.Progress.DONE; // a new epoch's snapshot superseded it, or the subscription ended
        }
        Subscriber target = sub.subscriber();
        long[] offered = {0};
        if (next == SymbolSubscription.SINCE_OPEN && history.reaches(open.seq(), latest.seq())) {
            // A symbol that appeared while the connection held `*`: the client gets what it would have had
            // had it been live then, the first state and every tick, not a later state with seqs skipped.
            OutFrame first = new OutFrame(frames.snapshot(open), nowNanos, 0);
            offered[0] = first.size(); // read before the offer, which takes the bytes
            if (!target.offer(first)) {
                return new CatchUp.Progress(offered[0], true); // the connection is going away
            }
            if (open.seq() == latest.seq()) {
                sub.live(nowNanos);
                return new CatchUp.Progress(offered[0], true);
            }
            next = open.seq() + 1;
            sub.catchUpAt(next);
        }
        if (next < 0 || !history.reaches(next - 1, latest.seq())) {
            OutFrame snapshot = new OutFrame(frames.snapshot(latest), nowNanos, 0);
            int size = snapshot.size(); // read before the offer, which takes the bytes
            sub.live(nowNanos);
            target.offer(snapshot);
            return new CatchUp.Progress(size, true);
        }
        // Fresh OutFrames: the lag bound measures time in the queue, not the tick's age.
        long last = history.copyAfter(next - 1, maxBytes, frames.alloc(), (bytes, seq) -> {
            offered[0] += bytes.readableBytes();
            return target.offer(new OutFrame(bytes, nowNanos, 0));
        });
        if (last == latest.seq()) {
            sub.live(nowNanos);
            return new CatchUp.Progress(offered[0], true);
        }
        if (last < next) {
            return new CatchUp.Progress(offered[0], true); // the connection refuses frames: it is going away
        }
        sub.catchUpAt(last + 1);
        return new CatchUp.Progress(offered[0], false);
    }

    synchronized void detach(SymbolSubscription sub) {
        subscribers.remove(sub);
        sub.cancel();
    }

    synchronized int subscriberCount() {
        return subscribers.size();
    }

    /**
     * The first half of a new epoch, while the fan-out still names the old one: ends each subscription's part
     * of the old run. A tick a throttle holds is sent at once (its interval is cut short, not skipped). A
     * subscription still catching up has had nothing, or only part of a replay, of the old run, and its
     * {@code subscribed} reply named the old epoch: it gets a snapshot of where the old run ended, and its
     * catch-up ends, so the restart shows as a second snapshot going back to seq 0, never as a first snapshot
     * of the new run that the client would take for the old one's.
     */
    synchronized void endRun(ServerFrames frames, long nowNanos) {
        OutFrame endSnapshot = null;
        for (SymbolSubscription s : subscribers.toArray()) {
            OutFrame end = null;
            if (s.catchUpSeq() != 0) {
                if (endSnapshot == null) {
                    endSnapshot = new OutFrame(frames.snapshot(latest), nowNanos, 0);
                }
                endSnapshot.bytes().retain();
                end = endSnapshot;
            }
            s.endRun(end, nowNanos);
        }
        if (endSnapshot != null) {
            endSnapshot.bytes().release();
        }
    }

    /**
     * The second half, once the fan-out names the new epoch: seqs restart, so the old history can serve no
     * resume, and every subscriber gets a snapshot of the restarted symbol so it sees the reset by seq rather
     * than by a silent jump back.
     */
    synchronized void newEpoch(Tick initial, ServerFrames frames, long nowNanos) {
        history.clear();
        latest = initial;
        open = initial;
        if (subscribers.size() == 0) {
            return;
        }
        OutFrame snapshot = new OutFrame(frames.snapshot(initial), nowNanos, 0);
        for (SymbolSubscription s : subscribers.toArray()) {
            snapshot.bytes().retain();
            s.restart(snapshot, nowNanos);
        }
        snapshot.bytes().release();
    }

    /** The symbol is gone: drop subscribers and history. */
    synchronized void close() {
        closed = true;
        for (SymbolSubscription s : subscribers.toArray()) {
            s.cancel();
        }
        subscribers.clear();
        history.dispose();
    }
}
