package pricefeed.simulator.model;

import java.util.SplittableRandom;

/**
 * Derives each symbol's own random stream from the run's seed and the symbol's name, so a symbol's
 * path depends on nothing else: not on the other symbols, the order they were added in, or timing.
 */
final class RandomStreams {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private RandomStreams() {
    }

    /**
     * @param seed   the run's seed
     * @param symbol the symbol's name
     * @return a fresh stream, the same for the same seed and name
     */
    static SplittableRandom forSymbol(long seed, String symbol) {
        return new SplittableRandom(symbolSeed(seed, symbol));
    }

    /**
     * @param seed   the run's seed
     * @param symbol the symbol's name
     * @return a well-mixed 64-bit seed for that symbol
     */
    static long symbolSeed(long seed, String symbol) {
        // FNV-1a rather than String.hashCode: 64 bits, so distinct names practically never collide.
        long hash = FNV_OFFSET;
        for (int i = 0; i < symbol.length(); i++) {
            hash ^= symbol.charAt(i);
            hash *= FNV_PRIME;
        }
        return mix64(seed ^ mix64(hash));
    }

    /** The MurmurHash3 64-bit finaliser: every input bit affects every output bit. */
    static long mix64(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
