package pricefeed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars users run, as they run them ({@code java -jar}), on whichever JDK runs the tests: the
 * server and the load client start and work, with nothing on stderr but the server's INFO log. Java 22
 * and later warn there when a jar loads a native library (Netty's epoll transport) without its
 * manifest allowing it.
 * The jars exist from the {@code package} phase on: a bare {@code mvn test} skips this, or runs it
 * against jars left by an earlier build.
 */
class ExecutableJarsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SERVER = ROOT.resolve("feed-server/target/feed-server.jar");
    private static final Path SIMULATOR = ROOT.resolve("feed-simulator/target/feed-simulator.jar");

    @TempDir
    Path dir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts a child JVM without options from the environment, whose "Picked up ..." note goes to stderr. */
    private static Process start(ProcessBuilder builder) throws IOException {
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        return builder.start();
    }

    /** @return the URL of the server's {@code stream listening on} line, or null if none comes within 30 s */
    private static String streamUrl(Process server) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the server is gone; the wait below times out
            }
        }, "server-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String line;
        while ((line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
            if (line.startsWith("stream listening on ")) {
                return line.substring("stream listening on ".length());
            }
        }
        return null;
    }

    @Test
    void bothManifestsNameTheirMainClassAndAllowNativeAccess() throws Exception {
        assumeTrue(Files.exists(SERVER) && Files.exists(SIMULATOR), "jars are built by the package phase");
        for (Path jar : List.of(SERVER, SIMULATOR)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Attributes main = file.getManifest().getMainAttributes();
                assertTrue(main.getValue("Main-Class").startsWith("pricefeed."), jar.toString());
                assertEquals("ALL-UNNAMED", main.getValue("Enable-Native-Access"), jar.toString());
            }
        }
    }

    @Test
    void theServerAndTheLoadClientRunWithoutWarnings() throws Exception {
        assumeTrue(Files.exists(SERVER) && Files.exists(SIMULATOR), "jars are built by the package phase");
        Path serverErr = dir.resolve("server.err");
        Process server = start(new ProcessBuilder(java(), "-Xmx256m", "-jar", SERVER.toString(), "--http-port", "0",
                "--stream-port", "0", "--symbols", "3", "--tick-rate", "100").redirectError(serverErr.toFile()));
        try {
            String url = streamUrl(server);
            assertTrue(url != null && url.startsWith("ws://127.0.0.1:"), "the server announced its stream URL");

            Path clientErr = dir.resolve("client.err");
            Path clientOut = dir.resolve("client.out");
            Process client = start(new ProcessBuilder(java(), "-Xmx256m", "-jar", SIMULATOR.toString(), "loadtest",
                    "--url", url, "--clients", "2", "--duration", "1s", "--ramp", "0s", "--progress", "0", "--json")
                    .redirectError(clientErr.toFile()).redirectOutput(clientOut.toFile()));
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the load client finished");
            assertEquals(0, client.exitValue(), Files.readString(clientErr));
            assertTrue(Files.readString(clientOut).contains("\"opened\":2"), Files.readString(clientOut));
            assertEquals("", Files.readString(clientErr), "load client stderr");
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        }
        for (String line : Files.readAllLines(serverErr)) {
            assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*"), "server stderr: " + line);
        }
    }
}
