package pricefeed.simulator.load;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SymbolTableTest {

    @Test
    void idsAreDenseStableAndSurviveGrowth() {
        SymbolTable table = new SymbolTable(10_000);
        for (int i = 0; i < 5_000; i++) {
            assertEquals(i, table.intern("SYM" + i));
        }
        assertEquals(5_000, table.size());
        for (int i = 0; i < 5_000; i++) {
            assertEquals(i, table.intern("SYM" + i), "SYM" + i);
            assertEquals("SYM" + i, table.name(i));
        }
    }

    @Test
    void looksUpBytesInsideALargerArray() {
        SymbolTable table = new SymbolTable(10);
        byte[] b = "xxAAPLyy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, table.intern(b, 2, 4, SymbolTable.hash(b, 2, 4)));
        assertEquals(0, table.intern("AAPL"));
        assertEquals(1, table.intern("AAP"));
    }

    @Test
    void aFullTableGivesNoNewIds() {
        SymbolTable table = new SymbolTable(2);
        assertEquals(0, table.intern("A"));
        assertEquals(1, table.intern("B"));
        assertEquals(SymbolTable.UNTRACKED, table.intern("C"));
        assertEquals(1, table.intern("B"));
        assertEquals(2, table.size());
    }

    @Test
    void aTableNeedsRoom() {
        assertThrows(IllegalArgumentException.class, () -> new SymbolTable(0));
    }
}
