package pricefeed.core.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AsciiDigitsTest {

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, -1000, 123456789, 1763712000124001L,
            999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1})
    void writesLikeLongToString(long value) {
        assertEquals(Long.toString(value), write(value));
    }

    @Test
    void seededRandomLongsOfEveryLength() {
        Random random = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            assertEquals(Long.toString(value), write(value), "value " + value);
        }
    }

    @Test
    void digitCountAtEveryPowerOfTen() {
        for (int digits = 1; digits <= 18; digits++) {
            long power = AsciiDigits.POW10[digits];
            assertEquals(digits, AsciiDigits.digitCount(-(power - 1)), "10^" + digits + " - 1");
            assertEquals(digits + 1, AsciiDigits.digitCount(-power), "10^" + digits);
        }
        assertEquals(1, AsciiDigits.digitCount(0));
        assertEquals(19, AsciiDigits.digitCount(Long.MIN_VALUE));
    }

    @Test
    void fillFixedPadsWithZeros() {
        byte[] dst = new byte[8];
        AsciiDigits.fillFixed(5, 3, dst, 3);
        assertEquals("005", new String(dst, 0, 3, StandardCharsets.US_ASCII));
        AsciiDigits.fillFixed(1234, 4, dst, 4);
        assertEquals("1234", new String(dst, 0, 4, StandardCharsets.US_ASCII));
        AsciiDigits.fillFixed(0, 1, dst, 1);
        assertEquals("0", new String(dst, 0, 1, StandardCharsets.US_ASCII));
    }

    private static String write(long value) {
        byte[] dst = new byte[AsciiDigits.MAX_LONG_LENGTH + 4];
        dst[0] = 'x';
        int end = AsciiDigits.writeLong(value, dst, 1);
        assertEquals('x', dst[0]);
        return new String(dst, 1, end - 1, StandardCharsets.US_ASCII);
    }
}
