package pricefeed.core.json;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * A per-thread byte array that hot-path encoders fill before one bulk copy into a buffer without a
 * backing array (direct buffers), so that encoding allocates nothing.
 */
final class Scratch {

    private Scratch() {
    }

    /** Larger than any message written through it (see {@link TickJson#MAX_LENGTH}). */
    static final int SIZE = 512;

    private static final FastThreadLocal<byte[]> BUFFER = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SIZE];
        }
    };

    /** @return this thread's scratch array; valid until the thread's next call */
    static byte[] get() {
        return BUFFER.get();
    }
}
