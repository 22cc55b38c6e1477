package pricefeed.bench.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pricefeed.simulator.SimulatorConfig;

class BaselineOptionsTest {

    @Test
    void defaultsAreTheProductDefaults() {
        BaselineOptions options = BaselineOptions.parse();

        assertEquals(8081, options.streamPort());
        assertEquals(SimulatorConfig.defaults(), options.simulator());
    }

    @Test
    void readsEveryFlagInBothSpellings() {
        BaselineOptions options = BaselineOptions.parse("--stream-port", "0", "--symbols=100", "--tick-rate", "2000.5",
                "--seed=7");

        assertEquals(0, options.streamPort());
        assertEquals(SimulatorConfig.defaults().withSymbols(100).withTickRate(2000.5).withSeed(7), options.simulator());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--http-port 0      | unknown option: --http-port (known: [--stream-port, --symbols, --tick-rate, --seed])",
        "--symbols          | --symbols needs a value",
        "--seed x           | --seed: not a number: x",
        "--tick-rate 0      | --tick-rate: tickRate must be greater than 0 and at most 5000000.0: 0.0",
        "--stream-port 70000 | --stream-port must be 0..65535: 70000",
    })
    void rejectsWithOneLineNamingTheOption(String args, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BaselineOptions.parse(args.trim().split(" +")));

        assertEquals(message, e.getMessage());
    }
}
