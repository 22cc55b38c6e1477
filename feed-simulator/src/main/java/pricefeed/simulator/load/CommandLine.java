package pricefeed.simulator.load;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code loadtest --url ws://host:port/stream [--clients 100] ...} into a {@link LoadPlan}. Options are
 * written {@code --name value} or {@code --name=value}, each at most once. Anything wrong becomes a
 * {@link UsageException} whose message is one line naming the option or argument.
 */
final class CommandLine {

    private CommandLine() {
    }

    /** The one subcommand. */
    static final String COMMAND = "loadtest";

    /**
     * What the command line asks for.
     *
     * @param help whether it asked for the help text (then plan is null)
     * @param plan the run
     * @param json whether to print the report as JSON instead of a table
     */
    record Parsed(boolean help, LoadPlan plan, boolean json) {
    }

    /** Every option: its name, whether it takes a value, the {@link LoadPlan} field it sets, and its help. */
    enum Option {
        URL("--url", "URL", "url", "the stream endpoint, ws://host:port/path (required)"),
        CLIENTS("--clients", "N", "clients", "clients that subscribe and read (default 100)"),
        SYMBOLS("--symbols", "LIST", "symbols", "'*' for all symbols, or a list: AAPL,MSFT (default *)"),
        THROTTLE_MS("--throttle-ms", "MS", "throttleMs", "subscription throttle: 0 for none, else 10..60000 (default 0)"),
        DURATION("--duration", "D", "duration", "how long to run (default 30s)"),
        RAMP("--ramp", "D", "ramp", "spread the connection attempts over this (default 2s)"),
        STALLED("--stalled", "N", "stalled", "how many of the clients stop reading (default 0)"),
        STALL_AFTER("--stall-after", "D", "stallAfter",
                "when after subscribing they stop (default 2s, or half the duration if shorter)"),
        IDLE("--idle", "N", "idle", "extra connections that never subscribe (default 0)"),
        CONNECT_TIMEOUT("--connect-timeout", "D", "connectTimeout", "limit for connect, and for the handshake (default 5s)"),
        WARMUP("--warmup", "D", "warmup", "leave the first part of the run out of the report (default 0s)"),
        PROGRESS("--progress", "D", "progress", "progress line interval on stderr, 0 for none (default 1s)"),
        LOOPS("--loops", "N", "eventLoops", "event-loop threads (default: available processors)"),
        JSON("--json", null, null, "print the report as one JSON object instead of a table"),
        HELP("--help", null, null, "print this help");

        final String flag;
        final String valueName;
        final String field;
        final String help;

        Option(String flag, String valueName, String field, String help) {
            this.flag = flag;
            this.valueName = valueName;
            this.field = field;
            this.help = help;
        }

        boolean takesValue() {
            return valueName != null;
        }

        static Option byFlag(String flag) {
            return Arrays.stream(values()).filter(o -> o.flag.equals(flag)).findFirst().orElse(null);
        }

        static Option byField(String field) {
            return Arrays.stream(values()).filter(o -> field.equals(o.field)).findFirst().orElse(null);
        }
    }

    /**
     * @param args the command line, subcommand first
     * @return what it asks for
     * @throws UsageException with a one-line message if it cannot be run
     */
    static Parsed parse(String[] args) throws UsageException {
        if (args.length == 0) {
            throw new UsageException("missing command: expected " + COMMAND + " (see --help)");
        }
        if (args[0].equals(Option.HELP.flag) || args[0].equals("-h")) {
            return new Parsed(true, null, false);
        }
        if (!args[0].equals(COMMAND)) {
            throw new UsageException("unknown command: " + args[0] + " (expected " + COMMAND + ")");
        }
        Map<Option, String> given = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (arg.equals("-h")) {
                    return new Parsed(true, null, false);
                }
                throw new UsageException("unexpected argument: " + arg);
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            Option option = Option.byFlag(flag);
            if (option == null) {
                throw new UsageException("unknown option: " + flag);
            }
            if (option == Option.HELP) {
                return new Parsed(true, null, false);
            }
            String value;
            if (!option.takesValue()) {
                if (eq >= 0) {
                    throw new UsageException(flag + " takes no value");
                }
                value = "";
            } else if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new UsageException("missing value for " + flag);
            }
            if (given.put(option, value) != null) {
                throw new UsageException("duplicate option: " + flag);
            }
        }
        if (!given.containsKey(Option.URL)) {
            throw new UsageException("missing required option: " + Option.URL.flag);
        }
        return new Parsed(false, plan(given), given.containsKey(Option.JSON));
    }

    private static LoadPlan plan(Map<Option, String> given) throws UsageException {
        LoadPlan.Builder b = LoadPlan.builder(url(given.get(Option.URL)));
        for (Map.Entry<Option, String> e : given.entrySet()) {
            Option o = e.getKey();
            String v = e.getValue();
            switch (o) {
                case CLIENTS -> b.clients(integer(o, v));
                case SYMBOLS -> b.symbols(Arrays.stream(v.split(",", -1)).map(String::trim).toList());
                case THROTTLE_MS -> b.throttleMs(integer(o, v));
                case DURATION -> b.duration(duration(o, v));
                case RAMP -> b.ramp(duration(o, v));
                case STALLED -> b.stalled(integer(o, v));
                case STALL_AFTER -> b.stallAfter(duration(o, v));
                case IDLE -> b.idle(integer(o, v));
                case CONNECT_TIMEOUT -> b.connectTimeout(duration(o, v));
                case WARMUP -> b.warmup(duration(o, v));
                case PROGRESS -> b.progress(duration(o, v));
                case LOOPS -> b.eventLoops(integer(o, v));
                default -> {
                }
            }
        }
        try {
            return b.build();
        } catch (InvalidPlanException e) {
            Option o = Option.byField(e.field());
            Map<String, String> raw = new HashMap<>();
            given.forEach((k, v) -> raw.put(k.field, v));
            String flag = o == null ? e.field() : o.flag;
            String value = raw.getOrDefault(e.field(), String.valueOf(e.value()));
            throw new UsageException("invalid value for " + flag + ": \"" + value + "\" (" + e.requirement() + ")");
        }
    }

    private static URI url(String text) throws UsageException {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(Option.URL, text, "expected ws://host:port/path");
        }
    }

    private static int integer(Option o, String text) throws UsageException {
        if (!text.matches("-?[0-9]+")) {
            throw invalid(o, text, "expected a whole number");
        }
        // Beyond int: clamped, so that the plan's own range check names the option's limits.
        BigInteger value = new BigInteger(text);
        return value.max(BigInteger.valueOf(Integer.MIN_VALUE)).min(BigInteger.valueOf(Integer.MAX_VALUE)).intValue();
    }

    private static Duration duration(Option o, String text) throws UsageException {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(o, text, "expected a duration such as 500ms, 30s or 2m");
        }
    }

    private static UsageException invalid(Option o, String text, String expected) {
        return new UsageException("invalid value for " + o.flag + ": \"" + text + "\" (" + expected + ")");
    }

    /** @return the help text, lines ending in {@code \n} */
    static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: java -jar feed-simulator.jar ").append(COMMAND).append(" --url ws://HOST:PORT/stream [options]\n\n");
        sb.append("Opens many WebSocket clients against a pricefeed stream endpoint and reports delivered\n");
        sb.append("messages/s, tick latency from each tick's ts, seq gaps, duplicates and drops.\n\n");
        sb.append("options:\n");
        for (Option o : Option.values()) {
            String left = o.flag + (o.takesValue() ? " " + o.valueName : "");
            sb.append(String.format("  %-22s %s%n", left, o.help).replace(System.lineSeparator(), "\n"));
        }
        sb.append("\nDurations: 500ms, 30s, 1.5s, 2m, 1h.\n");
        sb.append("Exit status: ").append(LoadMain.EXIT_OK).append(" ran, ").append(LoadMain.EXIT_NO_CONNECTION)
                .append(" could not connect at all, ").append(LoadMain.EXIT_USAGE).append(" bad options, ")
                .append(LoadMain.EXIT_NO_SUBSCRIPTION).append(" the server confirmed no subscription,\n")
                .append("130/143 stopped early by Ctrl-C/SIGTERM (the report is still printed).\n");
        sb.append("Report fields and what gaps, conflated and duplicates mean: docs/LOADTEST.md\n");
        return sb.toString();
    }
}
