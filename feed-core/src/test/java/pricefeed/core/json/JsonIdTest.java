package pricefeed.core.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonIdTest {

    @Test
    void numbersAndStrings() {
        assertEquals("42", JsonId.of(42).json());
        assertFalse(JsonId.of(42).isString());
        assertEquals("\"a\\\"b\\n\"", JsonId.of("a\"b\n").json());
        assertTrue(JsonId.of("x").isString());
        assertEquals("\"日本\"", JsonId.of("日本").json());
    }

    @Test
    void equalityIsOnTheJsonText() {
        assertEquals(JsonId.of(1), JsonId.parse("1"));
        assertEquals(JsonId.of(1).hashCode(), JsonId.parse("1").hashCode());
        assertEquals(JsonId.of("a"), JsonId.parse(" \"a\" "));
        assertEquals(JsonId.of(7), JsonId.parse("7 "), "whitespace after a number is not part of it");
        assertEquals(JsonId.parse("1.5"), JsonId.parse("\t1.5\r\n"));
        assertNotEquals(JsonId.of(1), JsonId.of("1"));
        assertNotEquals(JsonId.parse("1"), JsonId.parse("1.0"));
        assertNotEquals(JsonId.parse("\"A\""), JsonId.parse("\"\\u0041\""), "raw text, not the decoded value");
        assertEquals("\"a\"", JsonId.of("a").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "true", "[1]", "{}", "1 2", "\"a", "'a'", "01", "a"})
    void parseAcceptsOnlyOneStringOrNumber(String json) {
        assertThrows(IllegalArgumentException.class, () -> JsonId.parse(json));
    }
}
