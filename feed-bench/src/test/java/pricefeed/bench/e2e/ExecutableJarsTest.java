package pricefeed.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two jars users run, as they run them ({@code java -jar}), on whichever JDK runs the tests: the
 * server and the load client start and work, and print nothing but the server's listening lines and
 * INFO log. Java 22 and later warn on stderr when a jar loads a native library (Netty's epoll transport)
 * without its manifest allowing it.
 * The jars exist from the {@code package} phase on: a bare {@code mvn test} skips this, or runs it
 * against jars left by an earlier build.
 */
class ExecutableJarsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path SERVER = ROOT.resolve("feed-server/target/feed-server.jar");
    private static final Path SIMULATOR = ROOT.resolve("feed-simulator/target/feed-simulator.jar");

    @TempDir
    Path dir;

    /**
     * @return the start of a {@code java} command line on the JDK running the tests, without options from
     *         the environment (the JVM notes those on stderr: "Picked up ...")
     */
    private static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of("env", "-u", "JAVA_TOOL_OPTIONS", "-u", "JDK_JAVA_OPTIONS",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(List.of(args));
        return command;
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

    /**
     * Reactor Netty ships a Java 17 variant of its NIO loop under {@code META-INF/versions/17}. A merged jar
     * serves such variants only if its manifest says it is multi-release; otherwise the JVM silently takes
     * the base class, unlike when the same library is on a classpath as in the tests.
     */
    @Test
    void bothJarsServeTheJava17VariantsOfTheLibrariesTheyMerge() throws Exception {
        assumeTrue(Files.exists(SERVER) && Files.exists(SIMULATOR), "jars are built by the package phase");
        String variant = "reactor/netty/resources/DefaultLoopNIO.class";
        for (Path jar : List.of(SERVER, SIMULATOR)) {
            try (JarFile file = new JarFile(jar.toFile(), true, ZipFile.OPEN_READ, Runtime.Version.parse("17"))) {
                assertTrue(file.isMultiRelease(), jar.toString());
                assertEquals("META-INF/versions/17/" + variant, file.getJarEntry(variant).getRealName(),
                        jar.toString());
            }
        }
    }

    /**
     * Native libraries are most of a merged jar's size. The jars may carry Netty's epoll transport (and the
     * macOS DNS resolver Reactor Netty asks for), not QUIC's quiche library for five platforms, which Reactor
     * Netty's HTTP/3 codec pulls in and no listener of ours loads.
     */
    @Test
    void bothJarsCarryOnlyTheNativeLibrariesTheyLoad() throws Exception {
        assumeTrue(Files.exists(SERVER) && Files.exists(SIMULATOR), "jars are built by the package phase");
        for (Path jar : List.of(SERVER, SIMULATOR)) {
            try (JarFile file = new JarFile(jar.toFile())) {
                List<String> natives = file.stream().map(JarEntry::getName)
                        .filter(name -> name.startsWith("META-INF/native/") && !name.endsWith("/"))
                        .filter(name -> !name.contains("netty_transport_native_epoll")
                                && !name.contains("netty_resolver_dns_native_macos"))
                        .toList();
                assertEquals(List.of(), natives, jar.toString());
            }
        }
    }

    /** Logback took an unknown level name for DEBUG; the jar must stop with one line before anything logs. */
    @Test
    void aBadLogLevelStopsTheServerWithOneLineAndNothingElse() throws Exception {
        assumeTrue(Files.exists(SERVER), "jars are built by the package phase");
        Path out = dir.resolve("bad-level.out");
        ProcessBuilder pb = new ProcessBuilder(java("-DPRICEFEED_NETTY_LOG_LEVEL=LOUD", "-jar", SERVER.toString(),
                "--http-port", "0", "--stream-port", "0")).redirectErrorStream(true).redirectOutput(out.toFile());
        Process server = pb.start();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server stopped");
        assertEquals(2, server.exitValue());
        assertEquals(List.of("pricefeed: invalid -DPRICEFEED_NETTY_LOG_LEVEL 'LOUD': must be TRACE, DEBUG, INFO, WARN,"
                + " ERROR or OFF"), Files.readAllLines(out));
    }

    @Test
    void theServerAndTheLoadClientRunWithoutWarnings() throws Exception {
        assumeTrue(Files.exists(SERVER) && Files.exists(SIMULATOR), "jars are built by the package phase");
        Path serverLog = dir.resolve("server.log");
        try (ServerProcess server = ServerProcess.start(java("-jar", SERVER.toString(), "--http-port", "0",
                "--stream-port", "0", "--symbols", "3", "--tick-rate", "100"), serverLog, Duration.ofSeconds(30))) {
            Path clientErr = dir.resolve("client.err");
            Path clientOut = dir.resolve("client.out");
            Process client = new ProcessBuilder(java("-jar", SIMULATOR.toString(), "loadtest", "--url", server.url(),
                    "--clients", "2", "--duration", "1s", "--ramp", "0s", "--progress", "0", "--json"))
                    .redirectError(clientErr.toFile()).redirectOutput(clientOut.toFile()).start();
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the load client finished");
            assertEquals(0, client.exitValue(), Files.readString(clientErr));
            assertTrue(Files.readString(clientOut).contains("\"opened\":2"), Files.readString(clientOut));
            assertEquals("", Files.readString(clientErr), "load client stderr");
        }
        // Standard output and error together: the two listening lines, then the INFO log.
        for (String line : Files.readAllLines(serverLog)) {
            assertTrue(line.matches("(stream|http) listening on .*|\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*"),
                    "server output: " + line);
        }
    }
}
