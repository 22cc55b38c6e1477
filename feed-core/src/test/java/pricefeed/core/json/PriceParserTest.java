package pricefeed.core.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PriceParserTest {

    @ParameterizedTest(name = "{0} -> ({1}, {2})")
    @CsvSource({
            "189.10, 18910, 2",
            "0.05, 5, 2",
            "-0.05, -5, 2",
            "0, 0, 0",
            "-0, 0, 0",
            "38005, 38005, 0",
            "0.00000001, 1, 8",
            "9223372036854775807, 9223372036854775807, 0",
            "-9223372036854775808, -9223372036854775808, 0",
            "-92233720368.54775808, -9223372036854775808, 8",
            "0.123456789012345678, 123456789012345678, 18",
    })
    void readsScaledValueAndDecimals(String text, long scaled, int decimals) {
        char[] chars = ("  " + text + "  ").toCharArray();
        assertEquals(decimals, PriceParser.decimals(chars, 2, text.length()));
        assertEquals(scaled, PriceParser.scaled(chars, 2, text.length()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", ".5", "5.", "1.2.3", "1e2", "1.5E3", "+1", "1 ", "--1", "0x10", "1.-5",
            "9223372036854775808", "-9223372036854775809", "92233720368.54775808", "0.1234567890123456789", "1..2", "-.", "-1.", "1-"})
    void rejectsAnythingButAPlainDecimalThatFitsALong(String text) {
        char[] chars = ("1" + text + "1").toCharArray();
        assertThrows(MalformedMessage.class, () -> PriceParser.scaled(chars, 1, text.length()));
    }

    @Test
    void seededRandomRoundTripsThroughPriceWriter() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long scaled = random.nextLong() >> random.nextInt(64);
            int decimals = random.nextInt(9);
            char[] text = PriceWriter.toString(scaled, decimals).toCharArray();
            assertEquals(decimals, PriceParser.decimals(text, 0, text.length));
            assertEquals(scaled, PriceParser.scaled(text, 0, text.length));
        }
    }
}
