package pricefeed.server.subscription;

import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

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

    private static List<SymbolSubscription> walk(SubscriptionSet set) {
        List<SymbolSubscription> seen = new ArrayList<>();
        set.forEach(seen::add);
        return seen;
    }

    /** Every member is where its slot says, and the walk visits each once. */
    private static void assertHolds(SubscriptionSet set, Set<SymbolSubscription> expected) {
        List<SymbolSubscription> seen = walk(set);
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
    void aWalkSeesTheSetAsItBeganWhateverItsStepsChange() {
        SubscriptionSet set = new SubscriptionSet();
        List<SymbolSubscription> first = fill(set, 6);
        SymbolSubscription added = newSub();
        List<SymbolSubscription> visited = new ArrayList<>();
        set.forEach(s -> {
            visited.add(s);
            if (s == first.get(1)) {
                set.remove(s); // the one being visited
                set.remove(first.get(4)); // one not visited yet
                set.remove(first.get(0)); // one visited already
                set.add(added);
            }
        });
        assertEquals(first, visited);
        assertHolds(set, Set.of(first.get(2), first.get(3), first.get(5), added));
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
