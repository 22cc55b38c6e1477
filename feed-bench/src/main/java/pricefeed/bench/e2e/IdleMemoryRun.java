package pricefeed.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory per idle connection: opens N WebSocket connections that never subscribe and measures the server's
 * growth. Heap is the live objects of a class histogram after full GCs; direct buffers come from native memory
 * tracking; RSS from {@code /proc}. The heap is pre-touched so that RSS does not grow merely because the young
 * generation gets touched for the first time while connections are opened.
 */
final class IdleMemoryRun {

    /** Added to the common JVM flags for this run only, for both servers. */
    static final List<String> EXTRA_JVM_FLAGS = List.of("-XX:NativeMemoryTracking=summary", "-XX:+AlwaysPreTouch");

    private static final int WARMUP_CONNECTIONS = 200;
    private static final int TOP_CLASSES = 12;
    private static final Duration SETTLE = Duration.ofSeconds(3);
    /**
     * How long the idle connections stay open before the reading: past our server's first heartbeat (5 s)
     * and first ping (20 s), so that what an idle connection holds once it has sent both is what is
     * measured. At 3 s, a heartbeat's lazily made outbound queue (about 0.9 KiB) was missed.
     */
    private static final Duration IDLE_SETTLE = Duration.ofSeconds(25);

    private final E2eSettings settings;
    private final Launcher launcher;
    private final ProcFs proc;
    private final Jcmd jcmd;

    /**
     * @param settings the run's settings
     * @param launcher starts servers
     * @param proc     reads RSS
     * @param jcmd     reads heap and direct memory
     */
    IdleMemoryRun(E2eSettings settings, Launcher launcher, ProcFs proc, Jcmd jcmd) {
        this.settings = settings;
        this.launcher = launcher;
        this.proc = proc;
        this.jcmd = jcmd;
    }

    /**
     * @param kind the server
     * @return its readings before and after {@code settings.idleConnections()} connections
     */
    MemoryResult measure(ServerKind kind) {
        List<String> flags = new ArrayList<>(settings.jvmFlags());
        flags.addAll(EXTRA_JVM_FLAGS);
        Path log = settings.out().resolve(kind.label() + "-idle.log");
        try (ServerProcess server = launcher.start(kind, flags, settings.idleTickRate(), log)) {
            try (IdleConnections warm = new IdleConnections()) {
                warm.open(server.url(), WARMUP_CONNECTIONS); // handshake paths loaded and compiled before measuring
            }
            Launcher.pause(SETTLE);
            Histogram classesBefore = histogram(server, kind, "before");
            MemoryResult.Reading before = read(server, classesBefore);
            try (IdleConnections idle = new IdleConnections()) {
                idle.open(server.url(), settings.idleConnections());
                Launcher.pause(IDLE_SETTLE);
                if (idle.open() != settings.idleConnections() || !server.alive()) {
                    throw new IllegalStateException(kind.label() + ": only " + idle.open() + " of "
                            + settings.idleConnections() + " idle connections stayed open; see " + log);
                }
                Histogram classesAfter = histogram(server, kind, "after");
                MemoryResult.Reading after = read(server, classesAfter);
                List<Histogram.Growth> growth = classesAfter.grownSince(classesBefore, TOP_CLASSES);
                return new MemoryResult(kind, settings.idleConnections(), before, after, growth);
            }
        }
    }

    /**
     * Live objects after full GCs, kept beside the logs so the whole histogram can be read, not only the top of
     * the difference.
     */
    private Histogram histogram(ServerProcess server, ServerKind kind, String when) {
        // A first collection may only queue cleaners and references that a second one then frees.
        jcmd.fullGc(server.pid());
        String text = jcmd.histogram(server.pid());
        Path file = settings.out().resolve(kind.label() + "-idle-histogram-" + when + ".txt");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Histogram.parse(text);
    }

    private MemoryResult.Reading read(ServerProcess server, Histogram live) {
        return new MemoryResult.Reading(live.totalBytes(), jcmd.nativeOtherBytes(server.pid()),
                proc.rssBytes(server.pid()));
    }
}
