package pricefeed.core.ws.frame;

import java.util.Random;

/** A "random" source whose every int is the same key, to reproduce the RFC's masked examples. */
final class FixedKeyRandom extends Random {

    private static final long serialVersionUID = 1L;

    private final int key;

    FixedKeyRandom(int key) {
        this.key = key;
    }

    @Override
    public int nextInt() {
        return key;
    }
}
