package pricefeed.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The servers compared, and how each is launched from the repository root. */
enum ServerKind {

    /** The product: {@code feed-server.jar}, our WebSocket stack and fan-out. */
    OURS("ours", "feed-server/target/feed-server.jar") {
        @Override
        List<String> launch(String java, List<String> jvmFlags, Path root, int symbols, double tickRate, long seed) {
            List<String> command = start(java, jvmFlags);
            command.add("-jar");
            command.add(jar(root).toString());
            command.addAll(List.of("--http-port", "0"));
            command.addAll(common(symbols, tickRate, seed));
            return command;
        }
    },

    /**
     * The product again, with {@code --write-delay 2ms}: each connection collects 2 ms of ticks per socket
     * write. Shows the other end of the latency/CPU trade-off that option makes.
     */
    OURS_WRITE_DELAY("ours-wd" + Constants.WRITE_DELAY, "feed-server/target/feed-server.jar") {
        @Override
        List<String> launch(String java, List<String> jvmFlags, Path root, int symbols, double tickRate, long seed) {
            List<String> command = OURS.launch(java, jvmFlags, root, symbols, tickRate, seed);
            command.addAll(List.of("--write-delay", Constants.WRITE_DELAY));
            return command;
        }
    },

    /** The Reactor Netty baseline in {@code benchmarks.jar}. */
    BASELINE("baseline", "feed-bench/target/benchmarks.jar") {
        @Override
        List<String> launch(String java, List<String> jvmFlags, Path root, int symbols, double tickRate, long seed) {
            List<String> command = start(java, jvmFlags);
            command.add("-cp");
            command.add(jar(root).toString());
            command.add("pricefeed.bench.baseline.BaselineServer");
            command.addAll(common(symbols, tickRate, seed));
            return command;
        }
    };

    /** Constants the constants above use (an enum's own statics are not yet set when they are built). */
    static final class Constants {
        /** The {@code --write-delay} of {@link #OURS_WRITE_DELAY}. */
        static final String WRITE_DELAY = "2ms";

        private Constants() {
        }
    }

    private final String label;
    private final String jar;

    ServerKind(String label, String jar) {
        this.label = label;
        this.jar = jar;
    }

    /** @return the short name used in options and reports */
    String label() {
        return label;
    }

    /**
     * @param root the repository root
     * @return the jar this server runs from
     */
    Path jar(Path root) {
        return root.resolve(jar);
    }

    /**
     * @param java     the java executable
     * @param jvmFlags the JVM flags, the same for every server
     * @param root     the repository root
     * @param symbols  simulated symbols
     * @param tickRate ticks per second over all symbols
     * @param seed     the simulator's seed
     * @return the command line, stream listener on an ephemeral port of 127.0.0.1
     */
    abstract List<String> launch(String java, List<String> jvmFlags, Path root, int symbols, double tickRate,
                                 long seed);

    /**
     * @param label a server's short name
     * @return the server
     * @throws IllegalArgumentException if no server has that name
     */
    static ServerKind byLabel(String label) {
        for (ServerKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown server: " + label + " ("
                + Arrays.stream(values()).map(ServerKind::label).collect(Collectors.joining(", ")) + ")");
    }

    private static List<String> start(String java, List<String> jvmFlags) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        return command;
    }

    private static List<String> common(int symbols, double tickRate, long seed) {
        return List.of("--stream-port", "0", "--symbols", Integer.toString(symbols),
                "--tick-rate", formatRate(tickRate), "--seed", Long.toString(seed));
    }

    private static String formatRate(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
