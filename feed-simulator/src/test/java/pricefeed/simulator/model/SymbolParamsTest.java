package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pricefeed.core.market.SymbolSpec;

class SymbolParamsTest {

    @Test
    void validParamsKeepTheirValuesAndGiveTheirSpec() {
        SymbolParams params = new SymbolParams("ES", 2, 25, 5600.0, 0.15, 0.05);

        assertEquals(new SymbolSpec("ES", 2), params.spec());
        assertEquals(25, params.tickSize());
        assertEquals(new SymbolParams("ES", 2, 25, 5600.0, 0.3, 0.05), params.withVolatility(0.3));
        assertEquals(new SymbolParams("ES", 2, 25, 5600.0, 0.15, -0.1), params.withDrift(-0.1));
        assertEquals(new SymbolParams("ES", 2, 25, 10.0, 0.15, 0.05), params.withPrice(10.0));
    }

    @Test
    void zeroVolatilityAndNegativeDriftAreValid() {
        SymbolParams params = new SymbolParams("X", 0, 1, 1, 0, -10);

        assertEquals(0, params.volatility());
    }

    @ParameterizedTest(name = "{0},{1},{2},{3},{4},{5} -> {6}")
    @CsvSource({
            "aapl, 2, 1, 190, 0.2, 0.0, symbol has an invalid character",
            "'',   2, 1, 190, 0.2, 0.0, symbol must have 1 to 32 characters",
            "AAPL, 9, 1, 190, 0.2, 0.0, decimals must be",
            "AAPL, -1, 1, 190, 0.2, 0.0, decimals must be",
            "AAPL, 2, 0, 190, 0.2, 0.0, tickSize must be",
            "AAPL, 2, 1000001, 190, 0.2, 0.0, tickSize must be",
            "AAPL, 2, 1, 0, 0.2, 0.0, price must be positive",
            "AAPL, 2, 1, -5, 0.2, 0.0, price must be positive",
            "AAPL, 2, 1, NaN, 0.2, 0.0, price must be positive",
            "AAPL, 2, 5, 0.04, 0.2, 0.0, price must be at least one tick",
            "AAPL, 8, 1, 1e8, 0.2, 0.0, price is too large",
            "AAPL, 2, 1, 5000000000000.01, 0.2, 0.0, price is too large for 2 decimals: 5000000000000.01 (at most 5000",
            "AAPL, 2, 1, 9990000000000, 0.2, 0.0, price is too large",
            "AAPL, 2, 1, 190, -0.01, 0.0, volatility must be",
            "AAPL, 2, 1, 190, 5.01, 0.0, volatility must be",
            "AAPL, 2, 1, 190, Infinity, 0.0, volatility must be",
            "AAPL, 2, 1, 190, 0.2, 10.5, drift must be",
            "AAPL, 2, 1, 190, 0.2, NaN, drift must be",
    })
    void invalidParamsNameTheField(String symbol, int decimals, long tickSize, double price, double volatility,
                                   double drift, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SymbolParams(symbol, decimals, tickSize, price, volatility, drift));

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
