package pricefeed.simulator.model;

import java.util.Arrays;

/**
 * A binary min-heap of symbols by next arrival ({@link SymbolModel#nextTau}, then {@link SymbolModel#order}).
 * The earliest symbol is re-keyed in place after it fires, so a tick costs one sift and no allocation.
 */
final class EventQueue {

    private SymbolModel[] heap = new SymbolModel[16];
    private int size;

    /** @return how many symbols are queued */
    int size() {
        return size;
    }

    /** @return the symbol due first, or null if none */
    SymbolModel peek() {
        return size == 0 ? null : heap[0];
    }

    /** @param model a symbol not yet queued, its {@code nextTau} set */
    void add(SymbolModel model) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        place(model, size);
        size++;
        siftUp(size - 1);
    }

    /** Restores the order after the first symbol's {@code nextTau} grew. */
    void firstRescheduled() {
        siftDown(0);
    }

    /** @param model a queued symbol to take out */
    void remove(SymbolModel model) {
        int i = model.heapIndex;
        if (i < 0 || i >= size || heap[i] != model) {
            throw new IllegalStateException("not queued: " + model.symbol());
        }
        size--;
        SymbolModel moved = heap[size];
        heap[size] = null;
        model.heapIndex = -1;
        if (i < size) {
            place(moved, i);
            siftDown(i);
            siftUp(moved.heapIndex);
        }
    }

    private void siftUp(int i) {
        SymbolModel model = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(model, heap[parent])) {
                break;
            }
            place(heap[parent], i);
            i = parent;
        }
        place(model, i);
    }

    private void siftDown(int i) {
        SymbolModel model = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], model)) {
                break;
            }
            place(heap[child], i);
            i = child;
        }
        place(model, i);
    }

    private void place(SymbolModel model, int i) {
        heap[i] = model;
        model.heapIndex = i;
    }

    private static boolean before(SymbolModel a, SymbolModel b) {
        return a.nextTau < b.nextTau || (a.nextTau == b.nextTau && a.order() < b.order());
    }
}
