package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpreadModelTest {

    @ParameterizedTest(name = "mid {0} ticks, vol {1}, noise {2} -> {3} ticks")
    @CsvSource({
            "19000, 0.25, 0.5, 2",     // AAPL at 190.00: one basis point
            "19000, 0.25, 0.0, 1",     // the narrowest quote of the noise range
            "19000, 0.25, 0.999, 3",   // the widest
            "10850, 0.07, 0.5, 1",     // EURUSD at 1.0850: always one pip
            "6500000, 0.60, 0.5, 1105",// BTCUSD at 65000.00
            "3, 5.0, 0.999, 1",        // a tiny price still has a one-tick spread
    })
    void theSpreadGrowsWithPriceAndVolatilityAndIsAtLeastOneTick(double midTicks, double volatility, double noise,
                                                                 long expected) {
        assertEquals(expected, SpreadModel.spreadTicks(midTicks, volatility, noise));
    }

    @Test
    void theSpreadIsCentredOnTheMid() {
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 100_000; i++) {
            long spread = 1 + random.nextLong(50);
            double mid = spread + random.nextDouble() * 1e6; // far enough from 0 that the bid is not clamped
            long bid = SpreadModel.bidTicks(mid, spread);
            double centre = bid + spread / 2.0;
            assertTrue(Math.abs(centre - mid) <= 0.5, () -> mid + " " + spread + " " + bid);
        }
    }

    @Test
    void theBidIsAtLeastOneTick() {
        assertEquals(1, SpreadModel.bidTicks(1.0, 4));
        assertEquals(1, SpreadModel.bidTicks(1.2, 1));
    }
}
