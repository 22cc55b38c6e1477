package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

    @Test
    void theSameSeedAndNameGiveTheSameStream() {
        assertEquals(RandomStreams.forSymbol(42, "AAPL").nextLong(), RandomStreams.forSymbol(42, "AAPL").nextLong());
    }

    @Test
    void anotherSeedOrNameGivesAnotherStream() {
        long aapl = RandomStreams.symbolSeed(42, "AAPL");

        assertNotEquals(aapl, RandomStreams.symbolSeed(43, "AAPL"));
        assertNotEquals(aapl, RandomStreams.symbolSeed(42, "AAPM"));
        assertNotEquals(RandomStreams.symbolSeed(42, "AB"), RandomStreams.symbolSeed(42, "BA"));
    }

    @Test
    void tenThousandGeneratedNamesGetDistinctSeeds() {
        Set<Long> seeds = new HashSet<>();
        for (int i = 1; i <= 10_000; i++) {
            seeds.add(RandomStreams.symbolSeed(0, "SYM" + i));
        }

        assertEquals(10_000, seeds.size());
    }
}
