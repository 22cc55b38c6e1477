package pricefeed.server;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How one kind of option value is read from text, checked, and written back. Every failure is an
 * {@link InvalidValueException} carrying only the problem; the caller adds where the value came from.
 *
 * @param metavar   the placeholder shown in {@code --help} ({@code PORT}); empty for a boolean flag
 * @param secret    whether values are masked in messages and {@code toString}
 * @param reader    text to value; checks syntax only
 * @param checker   checks a value's range; the same rules whether it came from text or from code
 * @param formatter value to the text form used by {@code --help} and {@code toString}
 * @param <T>       the value's type
 */
record ValueType<T>(String metavar, boolean secret, Function<String, T> reader, Consumer<T> checker,
                    Function<T, String> formatter) {

    ValueType {
        Objects.requireNonNull(metavar, "metavar");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(checker, "checker");
        Objects.requireNonNull(formatter, "formatter");
    }

    /**
     * @param text the option's text, already trimmed
     * @return the checked value
     * @throws InvalidValueException when the text is not a valid value
     */
    T parse(String text) {
        T value = reader.apply(text);
        checker.accept(value);
        return value;
    }

    /** @return whether the option is a boolean flag that needs no value on the command line */
    boolean isFlag() {
        return metavar.isEmpty();
    }

    /**
     * @param value a value of this type
     * @return its text form, or {@code ***} for a secret that is set
     */
    String display(T value) {
        String text = formatter.apply(value);
        return secret && !text.isEmpty() && !text.equals(ValueTypes.NONE) ? "***" : text;
    }
}
