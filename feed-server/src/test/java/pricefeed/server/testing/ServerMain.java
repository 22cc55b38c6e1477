package pricefeed.server.testing;

import pricefeed.server.FeedServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the server's {@code main} in a process of its own, on the JDK and class path running the tests. */
public final class ServerMain {

    private ServerMain() {
    }

    /**
     * @param launcher a command that runs the {@code java} command line after it (e.g. {@code prlimit ...}),
     *                 or empty
     * @param args     the server's options
     * @return the started process; its standard output and error are pipes for the test to read
     */
    public static Process start(List<String> launcher, String... args) throws IOException {
        return start(launcher, List.of(), args);
    }

    /**
     * @param launcher   as above
     * @param jvmOptions options of the {@code java} command, before the class path
     * @param args       the server's options
     * @return the started process; its standard output and error are pipes for the test to read
     */
    public static Process start(List<String> launcher, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        if (Runtime.version().feature() >= 22) {
            // What feed-server.jar's manifest grants (Enable-Native-Access), which a class path launch lacks:
            // without it Java 22+ warns on stderr about Netty loading its epoll library.
            cmd.add("--enable-native-access=ALL-UNNAMED");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FeedServer.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(cmd);
        // Options from the environment would add a "Picked up ..." line to the stderr tests read.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.start();
    }
}
