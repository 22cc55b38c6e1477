package pricefeed.server.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogTextTest {

    @Test
    void textWithoutControlCharactersIsKeptAsItIs() {
        String target = "/api/simulator/symbols/AAPL%0A?x=%0D";
        assertSame(target, LogText.escape(target));
    }

    @Test
    void everyLineBreakingOrControlCharacterBecomesAnEscape() {
        assertEquals("AAPL\\x0a16:02 INFO\\x0d\\x00\\x09\\x7f\\x85\\u2028\\u2029 done",
                LogText.escape("AAPL\n16:02 INFO\r\u0000\t\u007f\u0085\u2028\u2029 done"));
    }

    @Test
    void aBackslashIsEscapedSoAnEscapeIsNeverTheClientsOwnText() {
        assertEquals("sent \\\\x0a, not a line break: \\x0a", LogText.escape("sent \\x0a, not a line break: \n"));
    }

    @Test
    void nullIsShownAsNull() {
        assertEquals("null", LogText.escape(null));
    }
}
