package pricefeed.simulator.model;

import pricefeed.simulator.text.OneLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a symbol file: one symbol per line as {@code symbol,price,decimals,volatility,drift[,tickSize]},
 * blank lines and {@code #} comments ignored, and an optional header: a first line whose first field is
 * {@code symbol} (any case) and whose price field is not a number. Every error names the source and the line
 * number.
 */
final class SymbolFileParser {

    private static final int MIN_FIELDS = 5;
    private static final int MAX_FIELDS = 6;
    private static final int MAX_QUOTED_LINE = 80;

    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final String HEADER_START = "symbol,";

    private SymbolFileParser() {
    }

    /**
     * @param reader the file's text
     * @param source how to name the file in error messages
     * @return the symbols in file order, at least one
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the line of the first bad, duplicate or surplus symbol
     */
    static List<SymbolParams> parse(BufferedReader reader, String source) throws IOException {
        List<SymbolParams> symbols = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean first = true;
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            // A byte-order mark, as some editors write at the start of a UTF-8 file, is not part of the text.
            String text = (lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK) ? line.substring(1) : line).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            boolean header = first && isHeader(text);
            first = false;
            if (header) {
                continue;
            }
            SymbolParams params;
            try {
                params = parseLine(text);
            } catch (IllegalArgumentException e) {
                throw lineError(source, lineNumber, e.getMessage(), text);
            }
            if (!seen.add(params.symbol())) {
                throw lineError(source, lineNumber, "duplicate symbol " + params.symbol(), text);
            }
            if (symbols.size() == ModelConstants.MAX_SYMBOLS) {
                throw lineError(source, lineNumber, "more than " + ModelConstants.MAX_SYMBOLS + " symbols", text);
            }
            symbols.add(params);
        }
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("symbol file " + source + ": no symbols");
        }
        return symbols;
    }

    /**
     * @param text the first non-comment line
     * @return whether it is the header: it starts like one, and its price is not a number, since a symbol may
     *         be named SYMBOL
     */
    private static boolean isHeader(String text) {
        if (!text.regionMatches(true, 0, HEADER_START, 0, HEADER_START.length())) {
            return false;
        }
        try {
            number(text.split(",", -1)[1], "price");
            return false;
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    /**
     * @param text one non-comment line
     * @return the symbol it describes
     * @throws IllegalArgumentException with the reason, without the line number
     */
    static SymbolParams parseLine(String text) {
        String[] fields = text.split(",", -1);
        if (fields.length < MIN_FIELDS || fields.length > MAX_FIELDS) {
            throw new IllegalArgumentException("expected symbol,price,decimals,volatility,drift[,tickSize] but got "
                    + fields.length + " fields");
        }
        String symbol = fields[0].strip();
        double price = number(fields[1], "price");
        int decimals = smallInteger(fields[2], "decimals");
        double volatility = number(fields[3], "volatility");
        double drift = number(fields[4], "drift");
        long tickSize = fields.length == MAX_FIELDS ? integer(fields[5], "tickSize") : 1;
        return new SymbolParams(symbol, decimals, tickSize, price, volatility, drift);
    }

    private static double number(String field, String name) {
        try {
            return Double.parseDouble(field.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: '" + field.strip() + "'");
        }
    }

    private static int smallInteger(String field, String name) {
        try {
            return Integer.parseInt(field.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a small integer: '" + field.strip() + "'");
        }
    }

    private static long integer(String field, String name) {
        try {
            return Long.parseLong(field.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not an integer: '" + field.strip() + "'");
        }
    }

    private static IllegalArgumentException lineError(String source, int lineNumber, String reason, String text) {
        String quoted = text.length() > MAX_QUOTED_LINE ? text.substring(0, MAX_QUOTED_LINE) + "..." : text;
        // The message goes to a terminal and a log: the file's control characters must not act there.
        return new IllegalArgumentException("symbol file " + source + " line " + lineNumber + ": "
                + OneLine.of(reason) + " in '" + OneLine.of(quoted) + "'");
    }
}
