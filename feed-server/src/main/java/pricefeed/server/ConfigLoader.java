package pricefeed.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Builds the {@link ServerConfig} from the command line, the environment and a config file.
 *
 * <p>Precedence, per option: flag, then environment variable ({@code PRICEFEED_HTTP_PORT}), then config
 * file key ({@code http-port}), then the default. Every value given is checked, also one that another
 * source (or a repeated flag) overrides: an invalid value stops start-up wherever it was written. Flags are
 * {@code --name value} or {@code --name=value}; a boolean flag alone means {@code true}; a repeated flag
 * takes its last value (wrapper scripts append overrides). Empty environment variables count as unset and
 * unknown {@code PRICEFEED_*} variables are ignored (other tools share the prefix, e.g.
 * {@code PRICEFEED_LOG_LEVEL}, which {@link LogLevels} checks); unknown config-file keys and unknown flags are errors. Relative paths are
 * relative to the working directory.
 */
public final class ConfigLoader {

    private static final int MAX_SHOWN_CHARS = 80;

    /** What the command line asks for. */
    public sealed interface Result permits Run, Help {
    }

    /**
     * Start the server.
     *
     * @param config the validated configuration
     */
    public record Run(ServerConfig config) implements Result {
        public Run {
            Objects.requireNonNull(config, "config");
        }
    }

    /**
     * Print the text to standard output and exit 0.
     *
     * @param text the help text, ending with a newline
     */
    public record Help(String text) implements Result {
        public Help {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Raw text for one option and where it came from, for the error message. */
    private record Setting(String text, String label, String where) {
    }

    private ConfigLoader() {
    }

    /**
     * @param args the command-line arguments
     * @param env  the environment, normally {@link System#getenv()}
     * @return {@link Help} when {@code --help} (or {@code -h}) is anywhere in {@code args}, else {@link Run}
     * @throws ConfigException with a one-line message naming the option, when anything is invalid
     */
    public static Result parse(String[] args, Map<String, String> env) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Help(HelpText.render());
            }
        }
        LogLevels.check(System::getProperty, env);
        Map<Option<?>, Setting> flags = readFlags(args);
        Map<Option<?>, Setting> environment = readEnvironment(env);
        Setting configSetting = flags.getOrDefault(Option.CONFIG, environment.get(Option.CONFIG));
        Optional<Path> configFile = configSetting == null ? Optional.empty() : parse(Option.CONFIG, configSetting);
        Map<Option<?>, Setting> file = configFile.isPresent()
                ? readFile(configFile.get(), configSetting.label()) : Map.of();

        ServerConfig.Values values = ServerConfig.Values.defaults();
        for (Option<?> option : Option.ALL) {
            // The first source given wins, but every value given must be valid: an invalid one stops start-up
            // even where another source overrides it, since it is wrong wherever it was written.
            List<Setting> given = Stream.of(flags.get(option), environment.get(option), file.get(option))
                    .filter(Objects::nonNull).toList();
            if (!given.isEmpty()) {
                resolve(values, option, given.get(0));
            }
            given.stream().skip(1).forEach(overridden -> parse(option, overridden));
        }
        try {
            return new Run(ServerConfig.from(values));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }

    private static Map<Option<?>, Setting> readFlags(String[] args) {
        Map<Option<?>, Setting> flags = new IdentityHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                throw new ConfigException("unexpected argument '" + shown(arg) + "' (see --help)");
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            Option<?> option = flag.startsWith("--") ? Option.named(flag.substring(2)).orElse(null) : null;
            if (option == null) {
                throw new ConfigException("unknown option " + shown(flag) + " (see --help)");
            }
            String text;
            if (eq >= 0) {
                text = arg.substring(eq + 1);
            } else if (option.type().isFlag()) {
                // "--echo false" reads as meant, and a word after a flag is taken for its value, so that
                // "--echo maybe" is refused naming the option rather than as a stray argument.
                boolean explicit = i + 1 < args.length && !args[i + 1].startsWith("-");
                text = explicit ? args[++i] : "true";
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                text = args[++i];
            } else {
                throw new ConfigException("missing value for " + option.flag());
            }
            Setting overridden = flags.put(option, new Setting(text, option.flag(), ""));
            if (overridden != null) {
                parse(option, overridden);
            }
        }
        return flags;
    }

    private static Map<Option<?>, Setting> readEnvironment(Map<String, String> env) {
        Map<Option<?>, Setting> settings = new IdentityHashMap<>();
        for (Option<?> option : Option.ALL) {
            String text = env.get(option.envName());
            if (text != null && !text.isBlank()) {
                settings.put(option, new Setting(text, option.envName(), ""));
            }
        }
        return settings;
    }

    private static Map<Option<?>, Setting> readFile(Path path, String label) {
        List<Map.Entry<String, String>> overridden = new ArrayList<>();
        Properties properties = load(path, label, overridden);
        Map<Option<?>, Setting> settings = new IdentityHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            settings.put(fileOption(key, path), new Setting(properties.getProperty(key), key, " in " + path));
        }
        // A key given twice takes its last value, as Properties reads it, but the earlier one must be valid
        // too, as for a repeated flag: "symbols=abc" above "symbols=7" is a mistake, not a default.
        for (Map.Entry<String, String> earlier : overridden) {
            parse(fileOption(earlier.getKey(), path), new Setting(earlier.getValue(), earlier.getKey(), " in " + path));
        }
        return settings;
    }

    private static Option<?> fileOption(String key, Path path) {
        Option<?> option = Option.named(key).orElse(null);
        if (option == null) {
            throw new ConfigException("unknown key '" + shown(key) + "' in " + path);
        }
        if (option == Option.CONFIG) {
            throw new ConfigException("unsupported key 'config' in " + path
                    + ": a config file cannot name another config file");
        }
        return option;
    }

    /**
     * @param overridden gets each value that a later line with the same key replaced, in file order
     */
    private static Properties load(Path path, String label, List<Map.Entry<String, String>> overridden) {
        String cannot = "cannot read " + label + " " + path + ": ";
        if (Files.isDirectory(path)) {
            throw new ConfigException(cannot + "is a directory");
        }
        Properties properties = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                Object earlier = super.put(key, value);
                if (earlier != null) {
                    overridden.add(Map.entry((String) key, (String) earlier));
                }
                return earlier;
            }
        };
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(cannot + "no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(cannot + "permission denied");
        } catch (CharacterCodingException e) {
            throw new ConfigException(cannot + "not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(cannot + oneLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            // Properties.load rejects a malformed backslash-u escape this way.
            throw new ConfigException(cannot + oneLine(e.getMessage()));
        }
        return properties;
    }

    private static <T> void resolve(ServerConfig.Values values, Option<T> option, Setting setting) {
        values.set(option, parse(option, setting));
    }

    private static <T> T parse(Option<T> option, Setting setting) {
        String text = setting.text().trim();
        try {
            return option.parse(text);
        } catch (InvalidValueException e) {
            String value = option.type().secret() ? "***" : shown(text);
            throw new ConfigException("invalid " + setting.label() + " '" + value + "'" + setting.where()
                    + ": " + e.problem());
        }
    }

    /** Makes user text safe to echo on one line: no control characters, bounded length. */
    static String shown(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_SHOWN_CHARS + 3));
        for (int i = 0; i < text.length() && i < MAX_SHOWN_CHARS; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        return text.length() > MAX_SHOWN_CHARS ? sb.append("...").toString() : sb.toString();
    }

    private static String oneLine(String message) {
        return message == null ? "I/O error" : shown(message.lines().findFirst().orElse("I/O error"));
    }
}
