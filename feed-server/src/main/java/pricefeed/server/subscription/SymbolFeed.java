package pricefeed.server.subscription;

import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;

import java.util.Arrays;

/**
 * Everything the fan-out knows about one symbol: its latest tick, its history and its subscribers.
 * Publishing a tick and attaching a subscriber take the same lock, which is what makes a snapshot or
 * a replay meet the live ticks with no gap and no duplicate. Nothing under the lock blocks: delivery
 * only queues.
 */
final class SymbolFeed {

    private static final SymbolSubscription[] NONE = new SymbolSubscription[0];

    private final SymbolSpec spec;
    private final TickHistory history;
    private Tick latest;
    private Tick open;
    private SymbolSubscription[] subscribers = NONE;

    SymbolFeed(SymbolSpec spec, Tick initial, int historySize) {
        this.spec = spec;
        this.latest = initial;
        this.open = initial;
        this.history = new TickHistory(historySize);
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
        latest = tick;
        SymbolSubscription[] subs = subscribers;
        for (SymbolSubscription s : subs) {
            s.deliver(frame);
        }
        history.add(tick.seq(), frame.bytes());
    }

    /**
     * Sends a snapshot, or starts a catch-up from history after {@code fromSeq} when it reaches back
     * that far, and adds the subscription, all under the lock so the next tick is exactly the one after.
     * A catch-up sends nothing yet: the connection {@linkplain #pull pulls} it as it has room, so a long
     * replay never sits in its queue all at once, and meanwhile the live ticks wait in history.
     *
     * @param sub      the subscription to add
     * @param fromSeq  the client's last seq for a resume, or -1 for a plain subscribe
     * @param frames   builds the snapshot frame
     * @param nowNanos the current {@link System#nanoTime()}
     * @return the catch-up to pull, or null when there is nothing to replay (a snapshot, or already current)
     */
    synchronized CatchUp attach(SymbolSubscription sub, long fromSeq, ServerFrames frames, long nowNanos) {
        boolean replay = fromSeq >= 0 && history.reaches(fromSeq, latest.seq());
        CatchUp catchUp = null;
        if (!replay) {
            sub.subscriber().offer(new OutFrame(frames.snapshot(latest), nowNanos, 0));
            sub.started(nowNanos);
        } else if (fromSeq < latest.seq()) {
            sub.catchUpAt(fromSeq + 1);
            catchUp = new CatchUp(this, sub);
        } else {
            sub.started(nowNanos);
        }
        SymbolSubscription[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
        grown[subscribers.length] = sub;
        subscribers = grown;
        return catchUp;
    }

    /**
     * Sends the next part of a catch-up: history frames from where it stands, about {@code maxBytes}
     * of them. When it reaches the latest tick the subscription goes live, under the same lock as
     * {@link #publish}, so there is no gap and no duplicate. If the history has moved past it (the
     * client read the replay slower than the symbol ticks) it ends with a snapshot, and the client
     * sees the gap by seq, as with a resume from too far back.
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
        if (!history.reaches(next - 1, latest.seq())) {
            OutFrame snapshot = new OutFrame(frames.snapshot(latest), nowNanos, 0);
            sub.catchUpAt(0);
            sub.started(nowNanos);
            target.offer(snapshot);
            return new CatchUp.Progress(snapshot.size(), true);
        }
        long[] offered = {0};
        // Fresh OutFrames: the lag bound measures time in the queue, not the tick's age.
        long last = history.lendAfter(next - 1, maxBytes, (bytes, seq) -> {
            offered[0] += bytes.readableBytes();
            return target.offer(new OutFrame(bytes.retain(), nowNanos, 0));
        });
        if (last == latest.seq()) {
            sub.catchUpAt(0);
            sub.started(nowNanos);
            return new CatchUp.Progress(offered[0], true);
        }
        if (last < next) {
            return new CatchUp.Progress(offered[0], true); // the connection refuses frames: it is going away
        }
        sub.catchUpAt(last + 1);
        return new CatchUp.Progress(offered[0], false);
    }

    synchronized void detach(SymbolSubscription sub) {
        SymbolSubscription[] subs = subscribers;
        for (int i = 0; i < subs.length; i++) {
            if (subs[i] == sub) {
                SymbolSubscription[] shrunk = new SymbolSubscription[subs.length - 1];
                System.arraycopy(subs, 0, shrunk, 0, i);
                System.arraycopy(subs, i + 1, shrunk, i, subs.length - i - 1);
                subscribers = shrunk.length == 0 ? NONE : shrunk;
                break;
            }
        }
        sub.cancel();
    }

    synchronized int subscriberCount() {
        return subscribers.length;
    }

    /**
     * A new epoch: seqs restart, so the old history can serve no resume, and every subscriber gets a
     * snapshot of the restarted symbol so it sees the reset by seq rather than by a silent jump back.
     * The snapshot also ends any catch-up under way.
     */
    synchronized void newEpoch(Tick initial, ServerFrames frames, long nowNanos) {
        history.clear();
        latest = initial;
        open = initial;
        if (subscribers.length > 0) {
            OutFrame snapshot = new OutFrame(frames.snapshot(initial), nowNanos, 0);
            for (SymbolSubscription s : subscribers) {
                s.catchUpAt(0);
                snapshot.bytes().retain();
                s.subscriber().offer(snapshot);
                s.started(nowNanos);
            }
            snapshot.bytes().release();
        }
    }

    /** The symbol is gone: drop subscribers and history. */
    synchronized void close() {
        for (SymbolSubscription s : subscribers) {
            s.cancel();
        }
        subscribers = NONE;
        history.clear();
    }
}
