package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A symbol's parameters read back at the edges of its price range are still valid parameters. */
class SymbolModelTest {

    private static SymbolModel model(int decimals, long tickSize, double price) {
        return new SymbolModel(new SymbolParams("T", decimals, tickSize, price, 0, 0), 0, 42, 0, 0, 0);
    }

    // exp(log(x)) of these floors and ceilings is an ulp outside them: 1e-8 came back as 9.999999999999982E-9.
    @ParameterizedTest(name = "{0} decimals, tick size {1}")
    @CsvSource({"0, 1", "2, 1", "2, 5", "4, 25", "6, 3", "7, 1", "7, 7", "8, 1", "8, 3", "8, 1000000"})
    void aShockToTheFloorReadsBackAsExactlyOneTick(int decimals, long tickSize) {
        double floor = SymbolParams.minPrice(decimals, tickSize);
        SymbolModel model = model(decimals, tickSize, floor * 4);

        model.shock(-0.5, 1);
        model.shock(-0.5, 2);
        model.shock(-0.5, 3);

        assertEquals(floor, model.params().price(), 0.0);
        assertEquals(1, model.shock(-0.5, 4).bid() / tickSize, "the bid stays on the first tick");
    }

    @ParameterizedTest(name = "{0} decimals")
    @CsvSource({"0", "2", "6", "7", "8"})
    void aShockToTheCeilingReadsBackAsExactlyTheMaximum(int decimals) {
        double ceiling = SymbolParams.maxPrice(decimals);
        SymbolModel model = model(decimals, 1, ceiling / 4);

        model.shock(10, 1);

        assertEquals(ceiling, model.params().price(), 0.0);
    }

    @ParameterizedTest(name = "{0} decimals")
    @CsvSource({"0", "2", "8"})
    void aSymbolAddedAtTheMaximumReadsBackWhileItsPathPressesOnTheCeiling(int decimals) {
        double ceiling = SymbolParams.maxPrice(decimals);
        SymbolModel model = new SymbolModel(new SymbolParams("T", decimals, 1, ceiling, 5.0, 1.0), 0, 42, 0, 0, 0);

        int atTheCeiling = 0;
        for (int i = 1; i <= 100; i++) {
            model.tick(i * 3600.0, i);
            double price = model.params().price(); // validated again: this threw at the ceiling
            assertTrue(price <= ceiling, "price " + price);
            atTheCeiling += price == ceiling ? 1 : 0;
        }
        assertTrue(atTheCeiling > 0, atTheCeiling + " steps at the ceiling");
    }
}
