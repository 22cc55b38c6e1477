package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymbolUniverseTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultListHasAHundredUniqueRealLookingSymbols() {
        List<SymbolParams> defaults = SymbolUniverse.defaults();

        assertEquals(100, defaults.size());
        assertEquals(100, defaults.stream().map(SymbolParams::symbol).distinct().count());
        assertEquals(new SymbolParams("AAPL", 2, 1, 190.0, 0.25, 0.08), defaults.get(0));
        assertEquals("MSFT", defaults.get(1).symbol());
        assertEquals(420.0, defaults.get(1).price());
    }

    @Test
    void theDefaultListMixesDecimalsAndTickSizes() {
        Set<Integer> decimals = SymbolUniverse.defaults().stream().map(SymbolParams::decimals).collect(Collectors.toSet());
        Set<Long> tickSizes = SymbolUniverse.defaults().stream().map(SymbolParams::tickSize).collect(Collectors.toSet());

        assertEquals(Set.of(0, 1, 2, 3, 4), decimals);
        assertTrue(tickSizes.containsAll(Set.of(1L, 5L, 25L)), tickSizes.toString());
        SymbolParams eurusd = find("EURUSD");
        assertEquals(4, eurusd.decimals());
        assertEquals(0, find("7203.T").decimals());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 50, 100})
    void firstNIsThePrefixOfTheDefaultList(int n) {
        assertEquals(SymbolUniverse.defaults().subList(0, n), SymbolUniverse.firstN(n));
    }

    @Test
    void namesBeyondTheListAreGeneratedDeterministically() {
        List<SymbolParams> symbols = SymbolUniverse.firstN(250);

        assertEquals(SymbolUniverse.defaults(), symbols.subList(0, 100));
        assertEquals("SYM101", symbols.get(100).symbol());
        assertEquals("SYM250", symbols.get(249).symbol());
        assertEquals(symbols, SymbolUniverse.firstN(250));
        assertEquals(250, new HashSet<>(symbols).size());
        for (SymbolParams generated : symbols.subList(100, 250)) {
            assertEquals(2, generated.decimals());
            assertEquals(1, generated.tickSize());
            assertTrue(generated.price() >= 5 && generated.price() <= 500, generated.toString());
            assertTrue(generated.volatility() >= 0.15 && generated.volatility() <= 0.6, generated.toString());
        }
        assertNotEquals(symbols.get(100).price(), symbols.get(101).price());
    }

    @Test
    void theLargestUniverseIsAllowedAndOneMoreIsNot() {
        assertEquals("SYM10000", SymbolUniverse.firstN(10_000).get(9_999).symbol());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SymbolUniverse.firstN(10_001));
        assertEquals("symbols must be 1..10000: 10001", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SymbolUniverse.firstN(0));
    }

    @Test
    void aSymbolFileReplacesTheUniverse() throws IOException {
        Path file = dir.resolve("symbols.csv");
        Files.writeString(file, "# test\nFOO,12.5,2,0.3,0.01\nBAR.X,0.5000,4,0.1,0,5\n");

        assertEquals(List.of(new SymbolParams("FOO", 2, 1, 12.5, 0.3, 0.01),
                new SymbolParams("BAR.X", 4, 5, 0.5, 0.1, 0.0)), SymbolUniverse.fromFile(file));
    }

    @Test
    void aBadSymbolFileIsRejectedNamingFileAndLine() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "FOO,12.5,2,0.3,0.01\nBAR,oops,2,0.3,0.01\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SymbolUniverse.fromFile(file));

        assertEquals("symbol file " + file + " line 2: price is not a number: 'oops' in 'BAR,oops,2,0.3,0.01'",
                e.getMessage());
    }

    @Test
    void aSymbolFileThatIsNotUtf8IsRejectedSayingSo() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "FOO,12.5,2,0.3,0.01\n\u00c4PFEL,10,2,0.2,0\n".getBytes(StandardCharsets.ISO_8859_1));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SymbolUniverse.fromFile(file));

        assertEquals("symbol file " + file + ": not UTF-8 text (save it as UTF-8)", e.getMessage());
        assertNull(e.getCause(), "start-up prints the deepest cause: it must be this message");
    }

    @Test
    void aByteOrderMarkBeforeTheFirstLineIsNotPartOfIt() throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.writeString(file, "\uFEFFsymbol,price,decimals,volatility,drift\nFOO,12.5,2,0.3,0.01\n");

        assertEquals(List.of("FOO"), SymbolUniverse.fromFile(file).stream().map(SymbolParams::symbol).toList());
    }

    @Test
    void aMissingSymbolFileIsRejectedNamingIt() {
        Path file = dir.resolve("missing.csv");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SymbolUniverse.fromFile(file));

        assertTrue(e.getMessage().startsWith("symbol file " + file + ": cannot read it"), e.getMessage());
    }

    private static SymbolParams find(String symbol) {
        return SymbolUniverse.defaults().stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElseThrow();
    }
}
