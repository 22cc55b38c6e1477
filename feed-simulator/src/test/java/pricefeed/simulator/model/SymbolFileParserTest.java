package pricefeed.simulator.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SymbolFileParserTest {

    private static List<SymbolParams> parse(String text) throws IOException {
        return SymbolFileParser.parse(new BufferedReader(new StringReader(text)), "test.csv");
    }

    private static List<String> symbols(List<SymbolParams> parsed) {
        return parsed.stream().map(SymbolParams::symbol).toList();
    }

    @Test
    void readsSymbolsSkippingCommentsBlankLinesAndTheHeader() throws IOException {
        List<SymbolParams> symbols = parse("""
                # my universe
                symbol,price,decimals,volatility,drift,tickSize

                  AAPL , 190.5 , 2 , 0.25 , 0.08
                ES,5600.00,2,0.15,0.05,25
                # trailing comment
                EURUSD,1.0850,4,0.07,0
                """);

        assertEquals(List.of(
                new SymbolParams("AAPL", 2, 1, 190.5, 0.25, 0.08),
                new SymbolParams("ES", 2, 25, 5600.0, 0.15, 0.05),
                new SymbolParams("EURUSD", 4, 1, 1.085, 0.07, 0.0)), symbols);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "AAPL,190,2,0.25                 | line 2: expected symbol,price,decimals,volatility,drift[,tickSize] but got 4 fields",
            "AAPL,190,2,0.25,0.1,1,7         | line 2: expected symbol,price,decimals,volatility,drift[,tickSize] but got 7 fields",
            "AAPL,abc,2,0.25,0.1             | line 2: price is not a number: 'abc'",
            "AAPL,190,2.5,0.25,0.1           | line 2: decimals is not a small integer: '2.5'",
            "AAPL,190,2,x,0.1                | line 2: volatility is not a number: 'x'",
            "AAPL,190,2,0.2,                 | line 2: drift is not a number: ''",
            "AAPL,190,2,0.2,0.1,z            | line 2: tickSize is not an integer: 'z'",
            "AAPL,-190,2,0.25,0.1            | line 2: price must be positive: -190.0",
            "AAPL,190,2,-0.25,0.1            | line 2: volatility must be 0..5.0: -0.25",
            "aapl,190,2,0.25,0.1             | line 2: symbol has an invalid character: aapl",
            "..,190,2,0.25,0.1               | line 2: symbol must not be only dots (a URL cannot name it): ..",
            "MSFT,420,2,0.2,0.1              | line 2: duplicate symbol MSFT",
    })
    void badLinesAreRejectedNamingTheLine(String line, String expected) {
        String text = "MSFT,420,2,0.2,0.1\n" + line + "\n";

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text));

        assertEquals("symbol file test.csv " + expected + " in '" + line + "'", e.getMessage());
    }

    /** An error message is printed to a terminal: the file's escape sequences must not reach it. */
    @Test
    void controlCharactersOfTheFileAreWrittenAsEscapesInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("MSFT,\u001b[2J420,2,0.2,0.1\n"));
        assertEquals("symbol file test.csv line 1: price is not a number: '\\u001b[2J420' in 'MSFT,\\u001b[2J420,2,0.2,0.1'",
                e.getMessage());
    }

    @Test
    void lineNumbersCountCommentsAndBlankLines() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("# c\n\nMSFT,420,2,0.2,0.1\n# c\nBAD\n"));

        assertEquals("symbol file test.csv line 5: expected symbol,price,decimals,volatility,drift[,tickSize]"
                + " but got 1 fields in 'BAD'", e.getMessage());
    }

    @Test
    void aSymbolNamedSymbolOnTheFirstLineIsDataNotTheHeader() throws IOException {
        assertEquals(List.of("SYMBOL", "ABC"), symbols(parse("SYMBOL,10.00,2,0.20,0.05\nABC,20.00,2,0.20,0.05\n")));
        assertEquals(List.of("SYMBOL"), symbols(parse("Symbol,Price,Decimals,Volatility,Drift\nSYMBOL,10,2,0.2,0\n")));
    }

    @Test
    void aBadLineForASymbolNamedSymbolIsAnErrorNotTheHeader() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("SYMBOL,10,2,x,0.05\n"));

        assertEquals("symbol file test.csv line 1: volatility is not a number: 'x' in 'SYMBOL,10,2,x,0.05'",
                e.getMessage());
    }

    @Test
    void theHeaderIsOnlyRecognisedOnTheFirstDataLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("MSFT,420,2,0.2,0.1\nsymbol,price,decimals,volatility,drift\n"));

        assertEquals("symbol file test.csv line 2: price is not a number: 'price'"
                + " in 'symbol,price,decimals,volatility,drift'", e.getMessage());
    }

    @Test
    void aFileWithoutSymbolsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("# nothing\n\n"));

        assertEquals("symbol file test.csv: no symbols", e.getMessage());
    }

    @Test
    void moreThanTheMaximumNumberOfSymbolsIsRejectedAtTheFirstSurplusLine() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= ModelConstants.MAX_SYMBOLS + 1; i++) {
            text.append('S').append(i).append(",10,2,0.2,0\n");
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(text.toString()));

        assertEquals("symbol file test.csv line 10001: more than 10000 symbols in 'S10001,10,2,0.2,0'",
                e.getMessage());
    }
}
