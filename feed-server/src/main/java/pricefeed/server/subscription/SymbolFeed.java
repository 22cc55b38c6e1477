package pricefeed.server.subscription;

import io.netty.buffer.ByteBuf;
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
     * Sends a snapshot, or replays history after {@code fromSeq} when it reaches back that far, and then
     * adds the subscription, all under the lock so the next tick is exactly the one after.
     *
     * @param sub     the subscription to add
     * @param fromSeq the client's last seq for a resume, or -1 for a plain subscribe
     * @param frames  builds the snapshot frame
     * @param nowNanos the current {@link System#nanoTime()}
     * @return true if it replayed, false if it sent a snapshot
     */
    synchronized boolean attach(SymbolSubscription sub, long fromSeq, ServerFrames frames, long nowNanos) {
        boolean replay = fromSeq >= 0 && history.reaches(fromSeq, latest.seq());
        Subscriber target = sub.subscriber();
        if (replay) {
            // Fresh OutFrames: the lag bound measures time in this queue, not the tick's age.
            history.forEachAfter(fromSeq, (ByteBuf bytes, long seq) ->
                    target.offer(new OutFrame(bytes.retain(), nowNanos, 0)));
        } else {
            target.offer(new OutFrame(frames.snapshot(latest), nowNanos, 0));
        }
        sub.started(nowNanos);
        SymbolSubscription[] grown = Arrays.copyOf(subscribers, subscribers.length + 1);
        grown[subscribers.length] = sub;
        subscribers = grown;
        return replay;
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
     */
    synchronized void newEpoch(Tick initial, ServerFrames frames, long nowNanos) {
        history.clear();
        latest = initial;
        open = initial;
        if (subscribers.length > 0) {
            OutFrame snapshot = new OutFrame(frames.snapshot(initial), nowNanos, 0);
            for (SymbolSubscription s : subscribers) {
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
