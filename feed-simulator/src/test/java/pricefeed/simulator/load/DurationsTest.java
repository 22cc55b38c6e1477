package pricefeed.simulator.load;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0, 0s",
            "500ms, 500000000, 500ms",
            "30s, 30000000000, 30s",
            "1.5s, 1500000000, 1.5s",
            "2m, 120000000000, 120s",
            "1h, 3600000000000, 3600s",
            "0.25ms, 250000, 0.25ms",
            "10S, 10000000000, 10s"})
    void parsesAndFormats(String text, long nanos, String formatted) {
        assertEquals(Duration.ofNanos(nanos), Durations.parse(text));
        assertEquals(formatted, Durations.format(Duration.ofNanos(nanos)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "10", "-1s", "1.s", "1e3s", "abc", "10 s", "8d", "169h"})
    void rejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }
}
