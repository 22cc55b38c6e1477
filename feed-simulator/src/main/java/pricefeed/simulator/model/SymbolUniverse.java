package pricefeed.simulator.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The symbols a simulation starts with: the first N of a built-in list of about a hundred real-looking
 * tickers (equities, FX pairs, crypto, futures, a few non-US listings), generated names such as
 * {@code SYM101} beyond it, or the contents of a symbol file. Every list is deterministic: it never
 * depends on the run's seed.
 */
public final class SymbolUniverse {

    private static final String DEFAULT_RESOURCE = "default-symbols.csv";
    private static final List<SymbolParams> DEFAULTS = loadDefaults();

    private static final double GENERATED_MIN_PRICE = 5;
    private static final double GENERATED_MAX_PRICE = 500;
    private static final double GENERATED_MIN_VOLATILITY = 0.15;
    private static final double GENERATED_MAX_VOLATILITY = 0.60;
    private static final double GENERATED_DRIFT = 0.05;
    private static final int GENERATED_DECIMALS = 2;

    private SymbolUniverse() {
    }

    /** @return the built-in list, in its fixed order */
    public static List<SymbolParams> defaults() {
        return DEFAULTS;
    }

    /**
     * @param count how many symbols, 1 to {@link ModelConstants#MAX_SYMBOLS}
     * @return the first {@code count} built-in symbols, then generated ones named {@code SYM<position>}
     *         (1-based), e.g. {@code SYM101} right after a list of 100
     */
    public static List<SymbolParams> firstN(int count) {
        checkCount(count);
        List<SymbolParams> symbols = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            symbols.add(i < DEFAULTS.size() ? DEFAULTS.get(i) : generated(i + 1));
        }
        return List.copyOf(symbols);
    }

    /**
     * @param file a symbol file ({@code symbol,price,decimals,volatility,drift[,tickSize]}, {@code #} comments)
     * @return its symbols in file order
     * @throws IllegalArgumentException naming the file, and the line of a bad one, if it cannot be used
     */
    public static List<SymbolParams> fromFile(Path file) {
        // No cause attached: a start-up failure prints the deepest cause's message, which must be this one.
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return List.copyOf(SymbolFileParser.parse(reader, file.toString()));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("symbol file " + file + ": not UTF-8 text (save it as UTF-8)");
        } catch (IOException e) {
            throw new IllegalArgumentException("symbol file " + file + ": cannot read it: " + e);
        }
    }

    /**
     * @param position the 1-based position in the universe, beyond the built-in list
     * @return the generated symbol at that position, always the same
     */
    static SymbolParams generated(int position) {
        SplittableRandom random = new SplittableRandom(ModelConstants.GENERATED_SYMBOLS_SEED + position);
        // Log-uniform prices: as many symbols near 10 as near 100, like a real listing.
        double logPrice = Math.log(GENERATED_MIN_PRICE)
                + random.nextDouble() * Math.log(GENERATED_MAX_PRICE / GENERATED_MIN_PRICE);
        double price = Math.round(Math.exp(logPrice) * 100) / 100.0;
        double volatility = GENERATED_MIN_VOLATILITY
                + random.nextDouble() * (GENERATED_MAX_VOLATILITY - GENERATED_MIN_VOLATILITY);
        volatility = Math.round(volatility * 100) / 100.0;
        return new SymbolParams(ModelConstants.GENERATED_PREFIX + position, GENERATED_DECIMALS, 1, price,
                volatility, GENERATED_DRIFT);
    }

    private static List<SymbolParams> loadDefaults() {
        try (InputStream in = SymbolUniverse.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return List.copyOf(SymbolFileParser.parse(reader, DEFAULT_RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param count how many symbols a universe is to have
     * @throws IllegalArgumentException unless it is 1 to the model's maximum
     */
    public static void checkCount(int count) {
        if (count < 1 || count > ModelConstants.MAX_SYMBOLS) {
            throw new IllegalArgumentException("symbols must be 1.." + ModelConstants.MAX_SYMBOLS + ": " + count);
        }
    }
}
