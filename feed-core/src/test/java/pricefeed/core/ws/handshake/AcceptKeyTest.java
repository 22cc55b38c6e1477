package pricefeed.core.ws.handshake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

class AcceptKeyTest {

    @Test
    void rfc6455Example() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void validKey() {
        assertTrue(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ=="));
        assertTrue(AcceptKey.isValidKey("AQIDBAUGBwgJCgsMDQ4PEA=="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25jZQ=", " dGhlIHNhbXBsZSBub25jZQ==",
            "dGhlIHNhbXBsZSBub25jZQ==AAAA", "dGhlIHNhbXBsZSBub25jZ$==", "dGhlIHNhbXBsZSBub25jZQE=",
            "dGhlIHNhbXBsZSBub25jZSE=",
            // Decodes to the same 16 bytes as the RFC's sample key, but the bits after them are not zero.
            "dGhlIHNhbXBsZSBub25jZR==", "dGhlIHNhbXBsZSBub25jZf=="})
    void invalidKeys(String key) {
        assertFalse(AcceptKey.isValidKey(key));
    }
}
