package pricefeed.simulator.load;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs a load test in-process: what {@code loadtest} does, for programs such as the benchmark harness.
 * Blocks the calling thread for the plan's duration plus a few seconds of closing; uses its own event
 * loops, released before it returns.
 */
public final class LoadRun {

    private LoadRun() {
    }

    /**
     * Runs the plan, printing progress lines to standard error.
     *
     * @param plan what to run
     * @return the figures
     */
    public static LoadReport run(LoadPlan plan) {
        return run(plan, System.err::println);
    }

    /**
     * @param plan     what to run
     * @param progress receives each progress line (without line break) every {@link LoadPlan#progress()};
     *                 called on the calling thread
     * @return the figures
     */
    public static LoadReport run(LoadPlan plan, Consumer<String> progress) {
        return run(plan, progress, new CompletableFuture<>());
    }

    /**
     * @param plan     what to run
     * @param progress receives each progress line, as above
     * @param stop     completing it ends the run early (within a tenth of a second), and the report then
     *                 covers the run up to that moment
     * @return the figures
     */
    public static LoadReport run(LoadPlan plan, Consumer<String> progress, CompletableFuture<?> stop) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(stop, "stop");
        return new LoadSession(plan, progress, stop).run();
    }
}
