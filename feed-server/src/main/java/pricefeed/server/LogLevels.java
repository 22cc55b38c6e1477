package pricefeed.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The two variables {@code logback.xml} reads for its levels, checked at start-up like the options. Logback
 * takes a level name it does not know, or an empty one, for DEBUG: a typo would turn on debug logging on
 * every connection instead of stopping start-up.
 */
final class LogLevels {

    /** Variables named in {@code logback.xml}; each is a -D system property or else an environment variable. */
    static final List<String> VARIABLES = List.of("PRICEFEED_LOG_LEVEL", "PRICEFEED_NETTY_LOG_LEVEL");

    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL");

    private LogLevels() {
    }

    /**
     * @param systemProperty looks up a system property (logback looks there first)
     * @param env            the environment
     * @throws ConfigException naming the variable, when one is set to anything but a level name
     */
    static void check(UnaryOperator<String> systemProperty, Map<String, String> env) {
        for (String name : VARIABLES) {
            String property = systemProperty.apply(name);
            String value = property != null ? property : env.get(name);
            if (value != null && !LEVELS.contains(value.trim().toUpperCase(Locale.ROOT))) {
                throw new ConfigException("invalid " + (property != null ? "-D" : "") + name + " '"
                        + ConfigLoader.shown(value) + "': must be TRACE, DEBUG, INFO, WARN, ERROR or OFF");
            }
        }
    }
}
