package pricefeed.bench.simulator;

import java.util.Random;
import pricefeed.core.market.Tick;

/**
 * The baseline: the least a tick source can do. A uniformly chosen symbol moves its mid one tick up or
 * down with {@link java.util.Random} and yields the same {@link Tick} record, with no model, no
 * arrival process and no grid logic.
 */
final class RandomWalkTicks {

    private final Random random;
    private final String[] symbols;
    private final long[] mids;
    private final long[] seqs;
    private final long[] volumes;

    /**
     * @param count how many symbols
     * @param seed  the walk's seed
     */
    RandomWalkTicks(int count, long seed) {
        random = new Random(seed);
        symbols = new String[count];
        mids = new long[count];
        seqs = new long[count];
        volumes = new long[count];
        for (int i = 0; i < count; i++) {
            symbols[i] = "SYM" + (i + 1);
            mids[i] = 10_000;
        }
    }

    /**
     * @param tsMicros the instant to stamp it with
     * @return the next tick
     */
    Tick next(long tsMicros) {
        int i = random.nextInt(symbols.length);
        long mid = Math.max(2, mids[i] + (random.nextBoolean() ? 1 : -1));
        mids[i] = mid;
        long size = 100L * (1 + random.nextInt(5));
        volumes[i] += size;
        return new Tick(symbols[i], 2, ++seqs[i], tsMicros, mid - 1, mid + 1, mid, size, volumes[i]);
    }
}
