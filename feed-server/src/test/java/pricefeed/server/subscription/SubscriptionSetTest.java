package pricefeed.server.subscription;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubscriptionSetTest {

    private final RecordingSubscriber connection = new RecordingSubscriber(Schedulers.immediate());

    private SymbolSubscription newSub() {
        return new SymbolSubscription(connection, "AAPL", 0, () -> 0);
    }

    /** @return {@code count} new subscriptions, added to {@code set} in order */
    private List<SymbolSubscription> fill(SubscriptionSet set, int count) {
        List<SymbolSubscription> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SymbolSubscription s = newSub();
            added.add(s);
            set.add(s);
        }
        return added;
    }

    /** Every member is where its slot says, and is listed once. */
    private static void assertHolds(SubscriptionSet set, Set<SymbolSubscription> expected) {
        List<SymbolSubscription> seen = List.of(set.toArray());
        assertEquals(expected.size(), set.size());
        assertEquals(expected, new HashSet<>(seen));
        assertEquals(seen.size(), new HashSet<>(seen).size(), "visited twice");
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i).slot());
        }
    }

    @Test
    void membersAddedAndRemovedInAnyOrderAreEachVisitedOnce() {
        SubscriptionSet set = new SubscriptionSet();
        List<SymbolSubscription> subs = fill(set, 200);
        Set<SymbolSubscription> expected = new HashSet<>(subs);
        assertHolds(set, expected);
        Collections.shuffle(subs, new Random(7));
        for (SymbolSubscription s : subs) {
            assertTrue(set.remove(s));
            expected.remove(s);
            assertEquals(-1, s.slot());
            assertHolds(set, expected);
        }
        assertEquals(0, set.size());
    }

    @Test
    void aSubscriptionNotInTheSetIsNotRemovedAndMovesNothing() {
        SubscriptionSet set = new SubscriptionSet();
        SubscriptionSet otherFeed = new SubscriptionSet();
        SymbolSubscription a = newSub();
        SymbolSubscription b = newSub();
        SymbolSubscription elsewhere = newSub();
        set.add(a);
        set.add(b);
        otherFeed.add(elsewhere); // slot 0, as a's
        assertFalse(set.remove(elsewhere));
        assertFalse(set.remove(newSub()));
        assertTrue(set.remove(a));
        assertFalse(set.remove(a), "removed once only");
        assertHolds(set, Set.of(b));
        assertHolds(otherFeed, Set.of(elsewhere));
    }

    @Test
    void aDeliverySeesTheSetAsItBeganWhateverItsStepsChange() {
        SubscriptionSet set = new SubscriptionSet();
        List<SymbolSubscription> first = new ArrayList<>();
        List<SymbolSubscription> visited = new ArrayList<>();
        SymbolSubscription added = newSub();
        for (int i = 0; i < 6; i++) {
            int index = i;
            SymbolSubscription s = new SymbolSubscription(new Subscriber() {
                @Override
                public boolean offer(OutFrame frame) {
                    frame.bytes().release();
                    visited.add(first.get(index));
                    if (index == 1) {
                        set.remove(first.get(1)); // the one being offered the tick
                        set.remove(first.get(4)); // one not offered it yet
                        set.remove(first.get(0)); // one offered it already
                        set.add(added);
                    }
                    return true;
                }

                @Override
                public Scheduler timers() {
                    return Schedulers.immediate();
                }

                @Override
                public void catchUpWaiting() {
                }
            }, "AAPL", 0, () -> 0);
            first.add(s);
            set.add(s);
        }
        OutFrame tick = new OutFrame(Unpooled.copiedBuffer("{}", StandardCharsets.US_ASCII), 0, 0);
        set.deliver(tick);
        assertEquals(first, visited);
        assertHolds(set, Set.of(first.get(2), first.get(3), first.get(5), added));
        assertEquals(1, tick.bytes().refCnt(), "each offer took its own reference and gave it back");
        tick.bytes().release();
    }

    @Test
    void aCrowdThatLeavesGivesItsRoomBack() {
        SubscriptionSet set = new SubscriptionSet();
        List<SymbolSubscription> crowd = fill(set, 10_000);
        assertTrue(set.capacity() >= 10_000);
        SymbolSubscription stays = crowd.remove(0);
        crowd.forEach(set::remove);
        assertHolds(set, Set.of(stays));
        assertTrue(set.capacity() <= 8, "capacity " + set.capacity());
    }

    @Test
    void clearLeavesNoSlotsBehind() {
        SubscriptionSet set = new SubscriptionSet();
        SymbolSubscription a = newSub();
        set.add(a);
        set.clear();
        assertEquals(0, set.size());
        assertEquals(-1, a.slot());
        assertFalse(set.remove(a));
    }
}
