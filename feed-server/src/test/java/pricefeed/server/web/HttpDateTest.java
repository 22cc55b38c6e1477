package pricefeed.server.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HttpDateTest {

    @Test
    void theRfcsExampleIsWrittenAsIt() {
        // RFC 9110 §5.6.7's IMF-fixdate example, at 784111777 s since 1970.
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDate.of(784_111_777_000L));
    }

    @Test
    void aDayBelowTenHasTwoDigits() {
        assertEquals("Wed, 03 Jun 2026 09:05:07 GMT", HttpDate.of(1_780_477_507_999L));
    }

    @Test
    void theTextFollowsTheSecondsBackAndForth() {
        assertEquals("Thu, 01 Jan 1970 00:00:01 GMT", HttpDate.of(1_999L));
        assertEquals("Thu, 01 Jan 1970 00:00:02 GMT", HttpDate.of(2_000L));
        assertEquals("Thu, 01 Jan 1970 00:00:01 GMT", HttpDate.of(1_000L));
        assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", HttpDate.of(-1L));
    }
}
