package pricefeed.server.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LastEventIdTest {

    @Test
    void parsesEpochSymbolAndSeq() {
        assertEquals(new LastEventId("e7f3a1b2", "BRK.B", 1234), LastEventId.parse("e7f3a1b2:BRK.B:1234"));
        assertEquals(new LastEventId("e1", "AAPL", 0), LastEventId.parse(" e1:AAPL:0 "));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"e1:AAPL", "e1:AAPL:1:2", ":AAPL:1", "e1::1", "e1:AAPL:", "e1:AAPL:-1", "e1:AAPL:x",
        "e1:AAPL:99999999999999999999", "e1:AAPL:1.5"})
    void anythingElseIsNoResume(String id) {
        assertNull(LastEventId.parse(id));
    }

    @Test
    void overlongIdsAreNotParsed() {
        assertNull(LastEventId.parse("e1:" + "A".repeat(200) + ":1"));
    }
}
