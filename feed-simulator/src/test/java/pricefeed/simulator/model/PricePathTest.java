package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricePathTest {

    private static final double MIN = 0.01;
    private static final double MAX = 1e9;

    @Test
    void withoutVolatilityDriftOrJumpsTheMidNeverMoves() {
        PricePath path = new PricePath(189.13, 0, 0, 0, MIN, MAX);
        SplittableRandom random = new SplittableRandom(1);

        for (int i = 0; i < 10_000; i++) {
            path.step(0.5, random);
        }

        assertEquals(189.13, path.mid(), 1e-12);
    }

    @Test
    void withoutVolatilityTheMidGrowsExactlyAtTheDrift() {
        PricePath path = new PricePath(100, 0, 2.0, 0, MIN, MAX);
        SplittableRandom random = new SplittableRandom(1);

        for (int i = 0; i < 3600; i++) {
            path.step(1.0, random);
        }

        double years = 3600 / ModelConstants.SECONDS_PER_YEAR;
        assertEquals(100 * Math.exp(2.0 * years), path.mid(), 1e-9);
    }

    @Test
    void logReturnsHaveTheAnnualisedVariance() {
        double volatility = 0.3;
        PricePath path = new PricePath(100, volatility, 0, 0, MIN, MAX);
        SplittableRandom random = new SplittableRandom(7);
        int n = 100_000;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double before = Math.log(path.mid());
            path.step(1.0, random);
            double r = Math.log(path.mid()) - before;
            sum += r;
            sumSquares += r * r;
        }
        double variance = (sumSquares - sum * sum / n) / (n - 1);

        double expected = volatility * volatility / ModelConstants.SECONDS_PER_YEAR;
        // The sample variance's relative standard error is sqrt(2/n), about 0.45%: 3% is over 6 sigma.
        assertEquals(expected, variance, expected * 0.03);
    }

    @Test
    void aShockMultipliesTheMid() {
        PricePath path = new PricePath(200, 0.2, 0, 0, MIN, MAX);

        path.shock(-0.05);

        assertEquals(190, path.mid(), 1e-9);
    }

    @Test
    void theMidNeverFallsBelowOneTickOrRisesAboveTheMaximum() {
        PricePath path = new PricePath(0.02, 5.0, -10, 3600, MIN, 1000);
        SplittableRandom random = new SplittableRandom(3);

        for (int i = 0; i < 100_000; i++) {
            path.step(60, random);
            assertTrue(path.mid() >= MIN && path.mid() <= 1000, "mid " + path.mid());
        }
        path.shock(-0.999999);
        assertEquals(MIN, path.mid(), 0.0);
        path.shock(10);
        path.shock(10);
        path.shock(10);
        path.shock(10);
        path.shock(10);
        assertEquals(1000, path.mid(), 0.0);
    }

    @ParameterizedTest(name = "mean {0}, u {1} -> {2}")
    @CsvSource({
            "0.0, 0.99, 0",
            "1.0, 0.30, 0",   // P(0) = 0.368
            "1.0, 0.50, 1",   // P(<=1) = 0.736
            "1.0, 0.90, 2",   // P(<=2) = 0.920
            "1.0, 0.99, 4",   // P(<=3) = 0.981, P(<=4) = 0.996
            "0.001, 0.998, 0",
            "0.001, 0.9995, 1",
    })
    void jumpCountsInvertThePoissonDistribution(double mean, double u, long expected) {
        assertEquals(expected, PricePath.jumpCount(mean, u, new SplittableRandom(0)));
    }

    @Test
    void largeJumpMeansUseTheNormalApproximation() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 10_000;
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += PricePath.jumpCount(100, random.nextDouble(), random);
        }

        // Mean 100, standard error sqrt(100 / n) = 0.1.
        assertEquals(100, (double) total / n, 0.5);
    }

    @Test
    void jumpsAreCountedAtTheirIntensity() {
        PricePath path = new PricePath(100, 0.2, 0, 36, MIN, MAX);
        SplittableRandom random = new SplittableRandom(11);

        for (int i = 0; i < 100 * 3600; i++) {
            path.step(1.0, random);
        }

        // 100 hours at 36 an hour: 3600 expected, sigma 60.
        assertEquals(3600, path.jumps(), 300);
    }
}
