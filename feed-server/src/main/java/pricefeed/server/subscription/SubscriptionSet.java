package pricefeed.server.subscription;

import java.util.Arrays;

/**
 * The subscriptions of one {@link SymbolFeed}, in no particular order. Adding and removing one costs the same
 * however many there are (each subscription knows its slot), so thousands of connections subscribing to every
 * symbol, or leaving together, do not copy the whole set once per subscription. Not thread-safe: the feed's lock
 * guards it.
 *
 * <p>Delivering a tick may re-enter the set on the same thread (the feed's lock is reentrant, and what a
 * subscriber does with a tick could end a subscription). The delivery reads the array and the size it started
 * with, so an addition goes past its end or into a new array, and a removal meanwhile works on a copy: each
 * member when the delivery began gets the tick once. The rare walks (a restart, a removed symbol) go over
 * {@link #toArray()}.
 */
final class SubscriptionSet {

    private static final SymbolSubscription[] NONE = new SymbolSubscription[0];
    private static final int MIN_CAPACITY = 4;

    private SymbolSubscription[] items = NONE;
    private int size;
    private int walks;

    int size() {
        return size;
    }

    /** @return how many the array holds room for; for tests */
    int capacity() {
        return items.length;
    }

    void add(SymbolSubscription sub) {
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(MIN_CAPACITY, size * 2));
        }
        sub.slot(size);
        items[size++] = sub;
    }

    /** @return false if the subscription is not in this set (e.g. it belonged to a symbol removed since) */
    boolean remove(SymbolSubscription sub) {
        int slot = sub.slot();
        if (slot < 0 || slot >= size || items[slot] != sub) {
            return false;
        }
        int last = size - 1;
        if (walks > 0 || (last < items.length / 4 && items.length > MIN_CAPACITY)) {
            // Copied rather than changed in place during a delivery; shrunk so a crowd that left frees its room.
            items = Arrays.copyOf(items, walks > 0 ? items.length : Math.max(MIN_CAPACITY, items.length / 2));
        }
        SymbolSubscription moved = items[last];
        items[slot] = moved;
        moved.slot(slot);
        items[last] = null;
        size = last;
        sub.slot(-1);
        return true;
    }

    /** Offers a tick to every subscription: the fan-out's hot path, so no lambda per tick. */
    void deliver(OutFrame frame) {
        SymbolSubscription[] walked = items;
        int n = size;
        walks++;
        try {
            for (int i = 0; i < n; i++) {
                walked[i].deliver(frame);
            }
        } finally {
            walks--;
        }
    }

    /** @return the members, in a new array: for walks that may change the set, off the hot path */
    SymbolSubscription[] toArray() {
        return Arrays.copyOf(items, size);
    }

    /** Empties the set; the subscriptions keep no slot. */
    void clear() {
        for (int i = 0; i < size; i++) {
            items[i].slot(-1);
        }
        items = NONE; // a new array, never the walked one nulled in place
        size = 0;
    }
}
