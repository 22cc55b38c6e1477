package pricefeed.simulator.load;

import pricefeed.core.ws.netty.LeakDetection;

import java.io.PrintStream;

/**
 * {@code java -jar feed-simulator.jar loadtest --url ws://host:port/stream [options]}: runs a load test
 * (see {@link CommandLine#help()} and {@code docs/LOADTEST.md}), prints a progress line every second to
 * standard error and the report to standard output, as a table or with {@code --json} as one JSON object
 * (fields: {@link LoadReport}).
 *
 * <p>Exit status: {@value #EXIT_OK} when it ran, {@value #EXIT_NO_CONNECTION} when not one connection
 * opened, {@value #EXIT_USAGE} for a bad command line (one line on standard error naming the option).
 */
public final class LoadMain {

    /** It ran. */
    public static final int EXIT_OK = 0;
    /** Not one connection opened. */
    public static final int EXIT_NO_CONNECTION = 1;
    /** The command line was wrong. */
    public static final int EXIT_USAGE = 2;

    /** Our logging configuration, unless the user named one: quiet, warnings and errors only. */
    private static final String LOGBACK_CONFIG = "pricefeed/simulator/load/loadtest-logback.xml";

    private LoadMain() {
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        // Before anything logs: Netty and Reactor would otherwise print debug output by default.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        LeakDetection.offUnlessConfigured();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args the command line
     * @param out  where the report (or help) goes
     * @param err  where progress lines and errors go
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine.Parsed parsed;
        try {
            parsed = CommandLine.parse(args);
        } catch (UsageException e) {
            err.println(e.getMessage());
            return EXIT_USAGE;
        }
        if (parsed.help()) {
            out.print(CommandLine.help());
            return EXIT_OK;
        }
        LoadReport report = LoadRun.run(parsed.plan(), err::println);
        out.print(parsed.json() ? report.toJson() + "\n" : report.toTable());
        out.flush();
        if (!report.connectedAtAll()) {
            String reason = report.connections().firstFailure();
            err.println("could not connect to " + parsed.plan().url() + (reason == null ? "" : ": " + reason));
            return EXIT_NO_CONNECTION;
        }
        return EXIT_OK;
    }
}
