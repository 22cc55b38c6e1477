package pricefeed.core.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PriceWriterTest {

    @ParameterizedTest(name = "({0}, {1}) -> {2}")
    @CsvSource({
            "18910, 2, 189.10",
            "18913, 2, 189.13",
            "5, 2, 0.05",
            "-5, 2, -0.05",
            "0, 2, 0.00",
            "0, 0, 0",
            "189, 0, 189",
            "-189, 0, -189",
            "100, 2, 1.00",
            "99, 2, 0.99",
            "1890000, 4, 189.0000",
            "1, 8, 0.00000001",
            "-1, 8, -0.00000001",
            "6543210012345678, 8, 65432100.12345678",
            "9223372036854775807, 0, 9223372036854775807",
            "-9223372036854775808, 0, -9223372036854775808",
            "9223372036854775807, 8, 92233720368.54775807",
            "-9223372036854775808, 8, -92233720368.54775808",
    })
    void writesExactlyTheDecimals(long scaled, int decimals, String expected) {
        assertEquals(expected, PriceWriter.toString(scaled, decimals));
        assertEquals(expected, BigDecimal.valueOf(scaled, decimals).toPlainString(), "the table itself");
    }

    @Test
    void seededRandomPricesMatchBigDecimalPlainString() {
        Random random = new Random(20_251_121);
        for (int i = 0; i < 200_000; i++) {
            long scaled = random.nextLong() >> random.nextInt(64);
            int decimals = random.nextInt(9);
            String expected = BigDecimal.valueOf(scaled, decimals).toPlainString();
            assertEquals(expected, PriceWriter.toString(scaled, decimals), scaled + " with " + decimals);
        }
    }

    @ParameterizedTest
    @EnumSource(Buffers.class)
    void appendsToAnyBuffer(Buffers kind) {
        assertEquals("x189.10-0.0542", kind.write(out -> {
            out.writeByte('x');
            PriceWriter.write(18910, 2, out);
            PriceWriter.write(-5, 2, out);
            PriceWriter.write(42, 0, out);
        }));
    }

    @Test
    void writesIntoAnArrayAtAnOffset() {
        byte[] dst = new byte[40];
        int end = PriceWriter.write(-18910, 2, dst, 3);
        assertEquals(10, end);
        assertEquals("-189.10", new String(dst, 3, end - 3, StandardCharsets.US_ASCII));
    }

    @Test
    void longestPriceFitsMaxLength() {
        assertEquals(PriceWriter.MAX_LENGTH, PriceWriter.toString(Long.MIN_VALUE, 8).length());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 9, 19})
    void decimalsOutsideTheSpecAreOurBug(int decimals) {
        assertThrows(IllegalArgumentException.class, () -> PriceWriter.toString(1, decimals));
    }
}
