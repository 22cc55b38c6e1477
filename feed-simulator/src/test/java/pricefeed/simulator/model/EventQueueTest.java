package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    private final EventQueue queue = new EventQueue();

    private static SymbolModel model(int order, double nextTau) {
        SymbolModel model = new SymbolModel(new SymbolParams("S" + order, 2, 1, 10, 0.2, 0), order, 1, 0, 0, 0);
        model.nextTau = nextTau;
        return model;
    }

    private List<String> drain() {
        List<String> order = new ArrayList<>();
        for (SymbolModel m = queue.peek(); m != null; m = queue.peek()) {
            order.add(m.symbol());
            queue.remove(m);
        }
        return order;
    }

    @Test
    void symbolsComeOutByNextArrivalThenByOrder() {
        List<SymbolModel> models = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 1000; i++) {
            SymbolModel m = model(i, random.nextInt(100));
            models.add(m);
            queue.add(m);
        }
        models.sort(Comparator.<SymbolModel>comparingDouble(m -> m.nextTau).thenComparingInt(SymbolModel::order));

        assertEquals(models.stream().map(SymbolModel::symbol).toList(), drain());
        assertNull(queue.peek());
    }

    @Test
    void rescheduledFirstSymbolMovesBack() {
        queue.add(model(0, 1.0));
        queue.add(model(1, 2.0));
        queue.add(model(2, 3.0));

        SymbolModel first = queue.peek();
        first.nextTau = 2.5;
        queue.firstRescheduled();

        assertEquals(List.of("S1", "S0", "S2"), drain());
    }

    @Test
    void removingFromTheMiddleKeepsTheOrder() {
        List<SymbolModel> models = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SymbolModel m = model(i, (i * 7) % 20);
            models.add(m);
            queue.add(m);
        }
        queue.remove(models.get(5));
        queue.remove(models.get(13));

        assertEquals(18, queue.size());
        List<String> out = drain();
        assertEquals(18, out.size());
        List<String> expected = models.stream().filter(m -> m.order() != 5 && m.order() != 13)
                .sorted(Comparator.comparingDouble(m -> m.nextTau)).map(SymbolModel::symbol).toList();
        assertEquals(expected, out);
    }

    @Test
    void removingAnUnqueuedSymbolIsABug() {
        SymbolModel m = model(0, 0);

        assertThrows(IllegalStateException.class, () -> queue.remove(m));
    }
}
