package pricefeed.server;

/** Renders {@code --help} from the option table: one aligned line per option with its default. */
final class HelpText {

    private static final String USAGE = "Usage: java -jar feed-server.jar [options]";
    private static final String INTRO =
            "Live price feed: a WebSocket stream listener and a web listener (dashboard, REST, SSE, metrics).";
    private static final String FOOTER = String.join("\n",
            "Every option can also be set by an environment variable, " + Option.ENV_PREFIX
                    + "<NAME> (e.g. PRICEFEED_HTTP_PORT=8080,",
            "PRICEFEED_ECHO=true), or as a key in the --config properties file (http-port=8080, echo=true).",
            "Precedence: flags, then environment, then config file, then defaults; an invalid value stops",
            "start-up even where it is overridden. Empty environment variables and unknown PRICEFEED_*",
            "variables are ignored; unknown flags and file keys are errors.",
            "Sizes: bytes or KiB/MiB/GiB (1024-based; KB/MB are not accepted).",
            "Durations: 250ms, 5s, 2m, 1h, ISO-8601 (PT5S), or 0.",
            "Log level: PRICEFEED_LOG_LEVEL (environment or -D system property; default INFO; TRACE, DEBUG,",
            "INFO, WARN, ERROR or OFF, anything else stops start-up).",
            "Operator endpoints on the web listener (see --operator-token): GET /api/simulator,",
            "POST /api/simulator/symbols, DELETE and PATCH /api/simulator/symbols/SYMBOL,",
            "PUT /api/simulator/rate, POST /api/simulator/pause, /resume, /shock and /restart",
            "(bodies: docs/WEB-API.md).");

    private HelpText() {
    }

    /** @return the complete help text, ending with a newline */
    static String render() {
        int nameWidth = "--help".length();
        int defaultWidth = "default".length();
        for (Option<?> option : Option.ALL) {
            nameWidth = Math.max(nameWidth, usage(option).length());
            defaultWidth = Math.max(defaultWidth, defaultText(option).length());
        }
        String format = "  %-" + nameWidth + "s  %-" + defaultWidth + "s  %s\n";
        StringBuilder sb = new StringBuilder();
        sb.append(USAGE).append("\n\n").append(INTRO).append("\n\n");
        sb.append(String.format(format, "option", "default", "description"));
        for (Option<?> option : Option.ALL) {
            sb.append(String.format(format, usage(option), defaultText(option), option.description()));
        }
        sb.append(String.format(format, "--help", "", "print this help and exit"));
        return sb.append('\n').append(FOOTER).append('\n').toString();
    }

    private static String usage(Option<?> option) {
        String metavar = option.type().metavar();
        return metavar.isEmpty() ? option.flag() : option.flag() + " " + metavar;
    }

    private static <T> String defaultText(Option<T> option) {
        return option.display(option.defaultValue());
    }
}
