package pricefeed.server;

import pricefeed.simulator.model.SymbolUniverse;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The kinds of option values the server has, each with its syntax, range and problem text. */
final class ValueTypes {

    /** How an unset optional value is shown. */
    static final String NONE = "(none)";

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    /** RFC 6750 b64token: what a bearer token may contain. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]{16,256}=*");

    private ValueTypes() {
    }

    /**
     * @param min     smallest allowed value
     * @param max     largest allowed value
     * @param metavar the placeholder in {@code --help}
     * @return a whole number in {@code min..max}; one problem text for syntax and range alike
     */
    static ValueType<Integer> integer(int min, int max, String metavar) {
        String problem = "must be " + min + ".." + max;
        return new ValueType<>(metavar, false, text -> {
            try {
                if (INTEGER.matcher(text).matches()) {
                    return Integer.parseInt(text);
                }
            } catch (NumberFormatException overflow) {
                // falls through to the problem below
            }
            throw new InvalidValueException(problem);
        }, n -> {
            if (n < min || n > max) {
                throw new InvalidValueException(problem);
            }
        }, String::valueOf);
    }

    /** @return any 64-bit whole number */
    static ValueType<Long> int64() {
        return new ValueType<>("N", false, text -> {
            try {
                if (INTEGER.matcher(text).matches()) {
                    return Long.parseLong(text);
                }
            } catch (NumberFormatException overflow) {
                // falls through to the problem below
            }
            throw new InvalidValueException("must be a 64-bit integer");
        }, n -> { }, String::valueOf);
    }

    /**
     * @param min          the lower bound
     * @param minInclusive whether {@code min} itself is allowed
     * @param max          the upper bound, inclusive
     * @param lowProblem   the problem for text that is not a number or is below {@code min}
     * @return a plain decimal number (an exponent is fine, {@code NaN} and infinities are not)
     */
    static ValueType<Double> decimal(double min, boolean minInclusive, double max, String lowProblem) {
        String highProblem = "must be at most " + formatDecimal(max);
        return new ValueType<>("RATE", false, text -> {
            try {
                return new BigDecimal(text).doubleValue();
            } catch (NumberFormatException e) {
                throw new InvalidValueException(lowProblem);
            }
        }, d -> {
            if (Double.isNaN(d) || d < min || (!minInclusive && d == min)) {
                throw new InvalidValueException(lowProblem);
            }
            if (d > max) {
                throw new InvalidValueException(highProblem);
            }
        }, ValueTypes::formatDecimal);
    }

    /** @return {@code true} or {@code false}, case-insensitive; a flag on the command line */
    static ValueType<Boolean> bool() {
        return new ValueType<>("", false, text -> {
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw new InvalidValueException("must be true or false");
        }, b -> { }, String::valueOf);
    }

    /** @return an IPv4 or IPv6 literal or a DNS hostname; checked by syntax, never resolved */
    static ValueType<String> host() {
        return new ValueType<>("HOST", false, text -> text, ValueTypes::checkHost, host -> host);
    }

    /**
     * @param mustBeReadable whether the file has to exist and be readable
     * @return a file path; empty text means none
     */
    static ValueType<Optional<Path>> file(boolean mustBeReadable) {
        return new ValueType<>("FILE", false, text -> {
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Path.of(text));
            } catch (InvalidPathException e) {
                throw new InvalidValueException("not a valid path");
            }
        }, path -> {
            if (mustBeReadable && path.isPresent()) {
                checkReadable(path.get());
            }
        }, path -> path.map(Path::toString).orElse(NONE));
    }

    /**
     * @return a symbol file (docs/SIMULATOR.md); empty text means none. Its content is checked once, when
     *         the option is read from text, so that a bad line stops start-up with a message naming the
     *         option; a value set in code is only checked to be readable, without file I/O beyond that.
     */
    static ValueType<Optional<Path>> symbolFile() {
        ValueType<Optional<Path>> file = file(true);
        return new ValueType<>(file.metavar(), false, text -> {
            Optional<Path> path = file.reader().apply(text);
            file.checker().accept(path);
            path.ifPresent(ValueTypes::checkSymbolFile);
            return path;
        }, file.checker(), file.formatter());
    }

    /**
     * @return a bearer token (masked wherever shown). Empty text is refused like any other short token, not
     *         read as none: {@code --operator-token "$UNSET"} would otherwise start with no token at all
     *         and leave operating to loopback without a word. None is the option left out.
     */
    static ValueType<Optional<String>> token() {
        return new ValueType<>("TOKEN", true, Optional::of, token -> {
            if (token.isPresent() && !TOKEN.matcher(token.get()).matches()) {
                throw new InvalidValueException("must be 16 to 256 characters of A-Z a-z 0-9 - . _ ~ + / (then '=' padding)");
            }
        }, token -> token.orElse(NONE));
    }

    /** @return a comma-separated list of browser origins, lower-cased; empty text means any origin */
    static ValueType<List<String>> origins() {
        String problem = "must be a comma-separated list of origins like https://example.com:8443";
        return new ValueType<>("ORIGINS", false, text -> {
            List<String> origins = new ArrayList<>();
            if (!text.isEmpty()) {
                for (String part : text.split(",", -1)) {
                    origins.add(part.trim().toLowerCase(Locale.ROOT));
                }
            }
            return List.copyOf(origins);
        }, origins -> {
            for (String origin : origins) {
                if (!isOrigin(origin)) {
                    throw new InvalidValueException(problem);
                }
            }
        }, origins -> origins.isEmpty() ? "(any)" : String.join(",", origins));
    }

    /**
     * @param min the smallest allowed size in bytes
     * @param max the largest allowed size in bytes
     * @return a byte size (see {@link Quantities})
     */
    static ValueType<Integer> size(int min, int max) {
        String range = "must be from " + Quantities.formatSize(min) + " to " + Quantities.formatSize(max);
        return new ValueType<>("SIZE", false, text -> {
            long bytes = Quantities.parseSize(text);
            if (bytes < 0) {
                throw new InvalidValueException("must be a size like 65536, 64KiB or 1MiB");
            }
            return (int) Math.min(bytes, Integer.MAX_VALUE);
        }, bytes -> {
            if (bytes < min || bytes > max) {
                throw new InvalidValueException(range);
            }
        }, bytes -> Quantities.formatSize(bytes));
    }

    /**
     * @param min the shortest allowed duration
     * @param max the longest allowed duration
     * @return a duration (see {@link Quantities})
     */
    static ValueType<Duration> duration(Duration min, Duration max) {
        String range = "must be from " + Quantities.formatDuration(min) + " to " + Quantities.formatDuration(max);
        return new ValueType<>("DURATION", false, text -> {
            Duration d = Quantities.parseDuration(text);
            if (d == null) {
                throw new InvalidValueException("must be a duration like 250ms, 5s, 2m, PT5S or 0");
            }
            return d;
        }, d -> {
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new InvalidValueException(range);
            }
        }, Quantities::formatDuration);
    }

    private static String formatDecimal(double d) {
        return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(d);
    }

    private static void checkHost(String host) {
        if (!isHost(host)) {
            throw new InvalidValueException("must be an IP address or a hostname");
        }
    }

    private static boolean isHost(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return isIpv6(host);
        }
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        String[] labels = host.split("\\.", -1);
        for (String label : labels) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // An all-numeric name that is not a valid dotted quad (1.2.3, 1.2.3.999) is a typo, not a host.
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static boolean isIpv6(String host) {
        try {
            // A bracketed literal is how URIs spell IPv6; the URI parser validates it without any lookup.
            URI uri = new URI("http", null, "[" + host + "]", -1, null, null, null);
            return uri.getHost() != null && !host.contains("[") && !host.contains("%");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isOrigin(String origin) {
        try {
            URI uri = new URI(origin);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawUserInfo() == null
                    && uri.getRawPath().isEmpty() && uri.getRawQuery() == null && uri.getRawFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void checkSymbolFile(Path path) {
        try {
            SymbolUniverse.fromFile(path);
        } catch (IllegalArgumentException e) {
            // The option message names the file already: keep only what follows "symbol file PATH".
            String problem = e.getMessage();
            String source = "symbol file " + path;
            if (problem.startsWith(source)) {
                problem = problem.substring(source.length()).replaceFirst("^:? ", "");
            }
            throw new InvalidValueException(problem);
        }
    }

    private static void checkReadable(Path path) {
        if (!Files.exists(path)) {
            throw new InvalidValueException("no such file");
        }
        if (!Files.isRegularFile(path)) {
            throw new InvalidValueException("not a regular file");
        }
        if (!Files.isReadable(path)) {
            throw new InvalidValueException("not readable");
        }
    }
}
