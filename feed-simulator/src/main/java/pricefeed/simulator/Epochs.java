package pricefeed.simulator;

import java.util.concurrent.ThreadLocalRandom;

/** Names runs: eight random hex digits, never the same as the previous run's. */
final class Epochs {

    private Epochs() {
    }

    /**
     * @param previous the current run's name, or null
     * @return a new name, different from {@code previous}
     */
    static String next(String previous) {
        // Random, not derived from the seed: two processes with the same seed are still different runs,
        // and a client must not resume one from the other's seqs.
        String epoch;
        do {
            epoch = String.format("%08x", ThreadLocalRandom.current().nextInt());
        } while (epoch.equals(previous));
        return epoch;
    }
}
