package pricefeed.simulator.load;

import pricefeed.core.ws.netty.LeakDetection;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar feed-simulator.jar loadtest --url ws://host:port/stream [options]}: runs a load test
 * (see {@link CommandLine#help()} and {@code docs/LOADTEST.md}), prints a progress line every second to
 * standard error and the report to standard output, as a table or with {@code --json} as one JSON object
 * (fields: {@link LoadReport}).
 *
 * <p>Exit status: {@value #EXIT_OK} when it ran, {@value #EXIT_NO_CONNECTION} when not one connection
 * opened, {@value #EXIT_USAGE} for a bad command line (one line on standard error naming the option),
 * {@value #EXIT_NO_SUBSCRIPTION} when clients opened and not one subscription was confirmed (the first error
 * reply goes to standard error).
 * Ctrl-C or SIGTERM ends the run early: the report of what it measured is printed, and the status is the
 * signal's (130, 143).
 */
public final class LoadMain {

    /** It ran. */
    public static final int EXIT_OK = 0;
    /** Not one connection opened. */
    public static final int EXIT_NO_CONNECTION = 1;
    /** The command line was wrong. */
    public static final int EXIT_USAGE = 2;
    /** Clients connected, and the server confirmed none of their subscriptions: nothing was measured. */
    public static final int EXIT_NO_SUBSCRIPTION = 3;

    /** How long a stopped run may take to close its connections and print its report (closing takes up to 5 s). */
    private static final Duration REPORT_AFTER_STOP = Duration.ofSeconds(15);
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
        // Ctrl-C (or SIGTERM) ends the run early instead of losing it: the hook asks the run to stop, and
        // holds the JVM until the report of what was measured is out. The exit status is then the signal's.
        CompletableFuture<Void> stop = new CompletableFuture<>();
        CountDownLatch reported = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.complete(null);
            try {
                reported.await(REPORT_AFTER_STOP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "loadtest-stop"));
        int status;
        try {
            status = run(args, System.out, System.err, stop);
        } finally {
            reported.countDown();
        }
        System.exit(status);
    }

    /**
     * @param args the command line
     * @param out  where the report (or help) goes
     * @param err  where progress lines and errors go
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, new CompletableFuture<>());
    }

    /**
     * @param args the command line
     * @param out  where the report (or help) goes
     * @param err  where progress lines and errors go
     * @param stop completing it ends the run early; the report then covers the run until then
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err, CompletableFuture<?> stop) {
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
        LoadReport report = LoadRun.run(parsed.plan(), err::println, stop);
        if (stop.isDone()) {
            err.println("stopped early: the report covers the run until the stop");
        }
        out.print(parsed.json() ? report.toJson() + "\n" : report.toTable());
        out.flush();
        if (!report.connectedAtAll()) {
            String reason = report.connections().firstFailure();
            err.println("could not connect to " + parsed.plan().url() + (reason == null ? "" : ": " + reason));
            return EXIT_NO_CONNECTION;
        }
        if (report.noSubscriptionConfirmed() && !stop.isDone()) {
            String reason = report.messages().firstError();
            err.println("the server confirmed no subscription" + (reason == null ? "" : ": " + reason));
            return EXIT_NO_SUBSCRIPTION;
        }
        return EXIT_OK;
    }
}
