package pricefeed.server;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QuantitiesTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
            "0, 0", "65536, 65536", "16B, 16", "16b, 16", "64KiB, 65536", "64kib, 65536", "64KIB, 65536",
            "1MiB, 1048576", "1GiB, 1073741824", "3GiB, 3221225472", "8589934591GiB, 9223372035781033984",
    })
    void sizes(String text, long bytes) {
        assertEquals(bytes, Quantities.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1MB", "1KB", "1k", "1M", "1.5MiB", "-1", "+1", "KiB", "1 KiB", "1KiBs",
            "99999999999999999999", "8589934592GiB", "1\u0661"})
    void notSizes(String text) {
        assertEquals(-1, Quantities.parseSize(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0", "1, 1", "1023, 1023", "1024, 1KiB", "1536, 1536", "65536, 64KiB", "1048576, 1MiB",
            "1572864, 1536KiB", "1073741824, 1GiB"})
    void formattedSizes(long bytes, String text) {
        assertEquals(text, Quantities.formatSize(bytes));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "250ms, PT0.25S", "5s, PT5S", "5S, PT5S", "2m, PT2M", "1h, PT1H", "0s, PT0S", "PT5S, PT5S",
            "pt0.5s, PT0.5S", "PT1M30S, PT1M30S", "P1D, PT24H", "-PT1S, PT-1S", "0, PT0S",
    })
    void durations(String text, Duration expected) {
        assertEquals(expected, Quantities.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "00", "-0", "0.0", "5 s", "1.5s", "5d", "5us", "ms", "-5s", "PT", "P", "PTS", "5sec",
            "9999999999999999s"})
    void notDurations(String text) {
        assertNull(Quantities.parseDuration(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT0S, 0s", "PT0.25S, 250ms", "PT5S, 5s", "PT90S, 90s", "PT2M, 2m", "PT1H, 1h", "PT2H, 2h",
            "PT0.0001S, PT0.0001S", "PT-1S, PT-1S"})
    void formattedDurations(Duration d, String text) {
        assertEquals(text, Quantities.formatDuration(d));
    }
}
