package pricefeed.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Starts the servers under test the same way: same JVM flags (plus any run-specific ones, also the same),
 * pinned to the server CPU, same simulator settings, stream listener on an ephemeral port.
 */
final class Launcher {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final E2eSettings settings;
    private final Pinning pinning;
    private final String java;

    /**
     * @param settings the run's settings
     * @param pinning  how processes are pinned
     * @param java     the java executable
     */
    Launcher(E2eSettings settings, Pinning pinning, String java) {
        this.settings = settings;
        this.pinning = pinning;
        this.java = java;
    }

    /**
     * @param kind     which server
     * @param jvmFlags its JVM flags
     * @param tickRate ticks per second over all symbols
     * @param log      where its output goes
     * @return the server, listening
     */
    ServerProcess start(ServerKind kind, List<String> jvmFlags, double tickRate, Path log) {
        List<String> command = kind.launch(java, jvmFlags, settings.root(), settings.symbols(), tickRate,
                settings.seed());
        return ServerProcess.start(pinning.onCpu(settings.serverCpu(), command), log, START_TIMEOUT);
    }

    /** @param d how long to wait; interruption is turned into an {@link IllegalStateException} */
    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
