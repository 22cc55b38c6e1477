package pricefeed.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorConfigTest {

    @Test
    void defaultsMatchTheCommandLineDefaults() {
        SimulatorConfig config = SimulatorConfig.defaults();

        assertEquals(50, config.symbols());
        assertEquals(1000, config.tickRate());
        assertEquals(42, config.seed());
        assertEquals(0.5, config.jumpIntensity());
        assertNull(config.symbolFile());
        assertEquals(Duration.ofMillis(1), config.batchPeriod());
    }

    @Test
    void withCopiesChangeOneField() {
        SimulatorConfig config = SimulatorConfig.defaults()
                .withSymbols(7).withTickRate(250).withSeed(-3).withJumpIntensity(0)
                .withSymbolFile(Path.of("s.csv")).withBatchPeriod(Duration.ofMillis(5));

        assertEquals(new SimulatorConfig(7, 250, -3, 0, Path.of("s.csv"), Duration.ofMillis(5)), config);
    }

    @Test
    void aMissingBatchPeriodMeansTheDefault() {
        assertEquals(Duration.ofMillis(1), new SimulatorConfig(1, 1, 1, 0, null, null).batchPeriod());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0       | 1000       | 0.5  | 1000000    | symbols must be 1..10000: 0",
            "10001   | 1000       | 0.5  | 1000000    | symbols must be 1..10000: 10001",
            "50      | 0          | 0.5  | 1000000    | tickRate must be greater than 0 and at most 5000000.0: 0.0",
            "50      | 5000001    | 0.5  | 1000000    | tickRate must be greater than 0 and at most 5000000.0: 5000001.0",
            "50      | NaN        | 0.5  | 1000000    | tickRate must be greater than 0 and at most 5000000.0: NaN",
            "50      | 1000       | -1   | 1000000    | jumpIntensity must be 0..3600.0: -1.0",
            "50      | 1000       | 0.5  | 99999      | batchPeriod must be PT0.0001S..PT1S: PT0.000099999S",
            "50      | 1000       | 0.5  | 1000000001 | batchPeriod must be PT0.0001S..PT1S: PT1.000000001S",
    })
    void invalidValuesAreRejectedNamingTheField(int symbols, double tickRate, double jumps, long periodNanos,
                                                String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimulatorConfig(symbols, tickRate, 42, jumps, null, Duration.ofNanos(periodNanos)));

        assertEquals(message, e.getMessage());
    }

    @Test
    void theExtremesAreValid() {
        new SimulatorConfig(10_000, 5_000_000, Long.MIN_VALUE, 3600, null, Duration.ofSeconds(1));
        new SimulatorConfig(1, 0.001, 0, 0, null, Duration.ofNanos(100_000));
    }
}
