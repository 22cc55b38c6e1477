package pricefeed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * The jars exist from the {@code package} phase on, so a bare {@code mvn test} skips this.
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
        Process server = new ProcessBuilder(java(), "-Xmx256m", "-jar", SERVER.toString(), "--http-port", "0",
                "--stream-port", "0", "--symbols", "3", "--tick-rate", "100")
                .redirectError(serverErr.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String url = null;
            String line;
            while (url == null && (line = out.readLine()) != null) {
                if (line.startsWith("stream listening on ")) {
                    url = line.substring("stream listening on ".length());
                }
            }
            assertTrue(url != null && url.startsWith("ws://127.0.0.1:"), "the server announced its stream URL");

            Path clientErr = dir.resolve("client.err");
            Process client = new ProcessBuilder(java(), "-Xmx256m", "-jar", SIMULATOR.toString(), "loadtest",
                    "--url", url, "--clients", "2", "--duration", "1s", "--ramp", "0s", "--progress", "0", "--json")
                    .redirectError(clientErr.toFile()).redirectOutput(dir.resolve("client.out").toFile()).start();
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the load client finished");
            assertEquals(0, client.exitValue(), Files.readString(clientErr));
            assertTrue(Files.readString(dir.resolve("client.out")).contains("\"opened\":2"),
                    Files.readString(dir.resolve("client.out")));
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
