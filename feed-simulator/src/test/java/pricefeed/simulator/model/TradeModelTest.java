package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TradeModelTest {

    private static final int N = 200_000;

    @Test
    void tradesPrintAtTheQuotesOrStrictlyInsideAWideSpread() {
        SplittableRandom random = new SplittableRandom(1);
        int inside = 0;
        for (int i = 0; i < N; i++) {
            long last = TradeModel.lastTicks(1000, 4, 0, random);
            assertTrue(last >= 1000 && last <= 1004, "last " + last);
            if (last != 1000 && last != 1004) {
                inside++;
            }
        }

        // 10% expected, sigma 0.07%.
        assertEquals(0.1, (double) inside / N, 0.005);
    }

    @Test
    void aOneTickSpreadOnlyTradesAtTheQuotes() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < N; i++) {
            long last = TradeModel.lastTicks(1000, 1, 0, random);
            assertTrue(last == 1000 || last == 1001, "last " + last);
        }
    }

    @Test
    void aRisingMidMostlyLiftsTheAskAndAFallingOneHitsTheBid() {
        SplittableRandom random = new SplittableRandom(1);
        int atAskRising = 0;
        int atAskFalling = 0;
        for (int i = 0; i < N; i++) {
            atAskRising += TradeModel.lastTicks(1000, 1, +0.01, random) == 1001 ? 1 : 0;
            atAskFalling += TradeModel.lastTicks(1000, 1, -0.01, random) == 1001 ? 1 : 0;
        }

        assertEquals(0.8, (double) atAskRising / N, 0.005);
        assertEquals(0.2, (double) atAskFalling / N, 0.005);
    }

    @Test
    void sizesAreRoundLotsWithAPlausibleMeanAndOccasionalBlocks() {
        SplittableRandom random = new SplittableRandom(1);
        long total = 0;
        int blocks = 0;
        long smallest = Long.MAX_VALUE;
        for (int i = 0; i < N; i++) {
            long size = TradeModel.size(random);
            assertEquals(0, size % ModelConstants.LOT_SIZE);
            smallest = Math.min(smallest, size);
            total += size;
            blocks += size >= 2000 ? 1 : 0;
        }

        // E[lots] = (1 + e^(-1/3) / (1 - e^(-1/3))) * (1 + 0.02 * 19) = 4.867 lots = 486.7 shares.
        assertEquals(486.7, (double) total / N, 486.7 * 0.03);
        assertEquals(100, smallest);
        assertTrue(blocks > N / 100 && blocks < N / 20, "blocks " + blocks);
    }
}
