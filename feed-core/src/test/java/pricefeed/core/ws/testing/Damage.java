package pricefeed.core.ws.testing;

import java.util.Arrays;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Seeded random damage to a valid byte stream, for tests that feed a parser what a broken or hostile peer
 * sends, and random read sizes to feed it in. The same seed gives the same damage, so a failing case can
 * be named by its seed and run again.
 */
public final class Damage {

    private Damage() {
    }

    /**
     * One to four edits, each one of: a byte overwritten, a bit flipped, 1-8 bytes inserted, 1-8 deleted,
     * 5-40 repeated, the rest cut off.
     *
     * @param valid  the stream to damage (not modified)
     * @param random the seeded source of every choice
     * @param bytes  where overwritten and inserted bytes come from (biased to the bytes the format gives
     *               meaning to, or uniform)
     * @return the damaged copy, never empty
     */
    public static byte[] of(byte[] valid, Random random, ToIntFunction<Random> bytes) {
        byte[] b = valid.clone();
        for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
            int at = random.nextInt(b.length);
            int n = 1 + random.nextInt(8);
            b = switch (random.nextInt(6)) {
                case 0 -> set(b, at, (byte) bytes.applyAsInt(random));
                case 1 -> set(b, at, (byte) (b[at] ^ (1 << random.nextInt(8))));
                case 2 -> RawFrames.concat(Arrays.copyOfRange(b, 0, at), some(random, bytes, n),
                        Arrays.copyOfRange(b, at, b.length));
                case 3 -> RawFrames.concat(Arrays.copyOfRange(b, 0, at),
                        Arrays.copyOfRange(b, Math.min(b.length, at + n), b.length));
                case 4 -> RawFrames.concat(Arrays.copyOfRange(b, 0, Math.min(b.length, at + 5 * n)),
                        Arrays.copyOfRange(b, at, b.length));
                default -> Arrays.copyOfRange(b, 0, at);
            };
            if (b.length == 0) {
                b = valid.clone();
            }
        }
        return b;
    }

    /**
     * @param random  the seeded source
     * @param largest the largest read
     * @return 1 to 16 read sizes of 1 to {@code largest} bytes, to be used in turn, as a slow or busy network
     *         delivers bytes
     */
    public static int[] readSizes(Random random, int largest) {
        int[] reads = new int[1 + random.nextInt(16)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = 1 + random.nextInt(largest);
        }
        return reads;
    }

    private static byte[] set(byte[] b, int at, byte value) {
        b[at] = value;
        return b;
    }

    private static byte[] some(Random random, ToIntFunction<Random> bytes, int n) {
        byte[] some = new byte[n];
        for (int i = 0; i < n; i++) {
            some[i] = (byte) bytes.applyAsInt(random);
        }
        return some;
    }
}
