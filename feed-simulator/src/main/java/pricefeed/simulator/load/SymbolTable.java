package pricefeed.simulator.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Symbol bytes to small dense ids, so that a tick's symbol is found without building a String: one table
 * per event loop, confined to it. Open addressing over the bytes; an id, once given, never changes. The
 * first sight of a symbol allocates its copy; later lookups allocate nothing.
 */
final class SymbolTable {

    /** What {@link #intern} returns once the table holds its maximum of symbols. */
    static final int UNTRACKED = -1;

    private static final int INITIAL_SLOTS = 256;

    private final int maxSymbols;
    /** id + 1 per slot; 0 for an empty slot. Kept at most half full. */
    private int[] slots = new int[INITIAL_SLOTS];
    private byte[][] names = new byte[INITIAL_SLOTS / 2][];
    private int[] hashes = new int[INITIAL_SLOTS / 2];
    private int size;

    /** @param maxSymbols the most symbols this table will give ids to */
    SymbolTable(int maxSymbols) {
        if (maxSymbols < 1) {
            throw new IllegalArgumentException("maxSymbols must be positive: " + maxSymbols);
        }
        this.maxSymbols = maxSymbols;
    }

    /**
     * @param b      bytes holding the symbol
     * @param from   where it starts
     * @param length its length, at least 1
     * @param hash   {@link #hash} of those bytes
     * @return its id, {@code 0 .. size()-1}, or {@link #UNTRACKED} if it is new and the table is full
     */
    int intern(byte[] b, int from, int length, int hash) {
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                return add(b, from, length, hash, i);
            }
            int id = slot - 1;
            if (hashes[id] == hash && Arrays.equals(names[id], 0, names[id].length, b, from, from + length)) {
                return id;
            }
        }
    }

    /**
     * @param symbol a ticker (ASCII)
     * @return its id, or {@link #UNTRACKED} if it is new and the table is full
     */
    int intern(String symbol) {
        byte[] b = symbol.getBytes(StandardCharsets.US_ASCII);
        return intern(b, 0, b.length, hash(b, 0, b.length));
    }

    /** @return how many symbols have ids */
    int size() {
        return size;
    }

    /**
     * @param id an id this table gave
     * @return the symbol
     */
    String name(int id) {
        return new String(names[id], StandardCharsets.US_ASCII);
    }

    /**
     * @param b      bytes
     * @param from   start
     * @param length how many
     * @return the hash {@link #intern} expects
     */
    static int hash(byte[] b, int from, int length) {
        int h = 0;
        for (int i = from; i < from + length; i++) {
            h = 31 * h + b[i];
        }
        return spread(h);
    }

    /**
     * @param h a polynomial hash built byte by byte as in {@link #hash}
     * @return the hash {@link #intern} expects
     */
    static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private int add(byte[] b, int from, int length, int hash, int freeSlot) {
        if (size == maxSymbols) {
            return UNTRACKED;
        }
        int id = size++;
        if (id == names.length) {
            names = Arrays.copyOf(names, id * 2);
            hashes = Arrays.copyOf(hashes, id * 2);
        }
        names[id] = Arrays.copyOfRange(b, from, from + length);
        hashes[id] = hash;
        slots[freeSlot] = id + 1;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return id;
    }

    private void rehash(int capacity) {
        int[] grown = new int[capacity];
        int mask = capacity - 1;
        for (int id = 0; id < size; id++) {
            int i = hashes[id] & mask;
            while (grown[i] != 0) {
                i = (i + 1) & mask;
            }
            grown[i] = id + 1;
        }
        slots = grown;
    }
}
