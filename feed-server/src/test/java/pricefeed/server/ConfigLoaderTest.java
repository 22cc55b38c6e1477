package pricefeed.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ServerConfig run(List<String> args, Map<String, String> env) {
        ConfigLoader.Result result = ConfigLoader.parse(args.toArray(String[]::new), env);
        return assertInstanceOf(ConfigLoader.Run.class, result).config();
    }

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("app.properties"), content, StandardCharsets.UTF_8);
    }

    @Test
    void nothingGivenMeansDefaults() {
        assertEquals(ServerConfig.DEFAULTS, run(List.of(), Map.of()));
    }

    // --- precedence: flag > environment > file > default, one test per pair ---

    @Test
    void flagBeatsEnvironment() {
        assertEquals(1, run(List.of("--http-port", "1"), Map.of("PRICEFEED_HTTP_PORT", "2")).httpPort());
    }

    @Test
    void flagBeatsFile() throws IOException {
        Path f = file("http-port=3\n");
        assertEquals(1, run(List.of("--config", f.toString(), "--http-port", "1"), Map.of()).httpPort());
    }

    @Test
    void environmentBeatsFile() throws IOException {
        Path f = file("http-port=3\n");
        assertEquals(2, run(List.of("--config", f.toString()), Map.of("PRICEFEED_HTTP_PORT", "2")).httpPort());
    }

    @Test
    void flagBeatsDefault() {
        assertEquals(1, run(List.of("--http-port", "1"), Map.of()).httpPort());
    }

    @Test
    void environmentBeatsDefault() {
        assertEquals(2, run(List.of(), Map.of("PRICEFEED_HTTP_PORT", "2")).httpPort());
    }

    @Test
    void fileBeatsDefault() throws IOException {
        Path f = file("http-port=3\n");
        ServerConfig config = run(List.of("--config", f.toString()), Map.of());
        assertEquals(3, config.httpPort());
        assertEquals(Optional.of(f), config.configFile());
    }

    @Test
    void logLevelsAreLevelNamesInAnyCase() {
        for (String level : List.of("trace", "Debug", "INFO", " warn ", "error", "off")) {
            assertEquals(8080, run(List.of(), Map.of("PRICEFEED_LOG_LEVEL", level, "PRICEFEED_NETTY_LOG_LEVEL", level))
                    .httpPort());
        }
    }

    @Test
    void aKeyRepeatedInTheFileTakesItsLastValue() throws IOException {
        Path f = file("symbols=10\nsymbols=20\n");
        assertEquals(20, run(List.of("--config", f.toString()), Map.of()).symbols());
    }

    @Test
    void allThreeSourcesMergePerOption() throws IOException {
        Path f = file("http-port=3\nstream-port=3\nsymbols=3\n");
        ServerConfig config = run(List.of("--config", f.toString(), "--http-port", "1"),
                Map.of("PRICEFEED_HTTP_PORT", "2", "PRICEFEED_STREAM_PORT", "2"));
        assertEquals(List.of(1, 2, 3, 1000.0),
                List.of(config.httpPort(), config.streamPort(), config.symbols(), config.tickRate()));
    }

    @Test
    void configFileNamedByEnvironment() throws IOException {
        Path f = file("symbols=7\n");
        assertEquals(7, run(List.of(), Map.of("PRICEFEED_CONFIG", f.toString())).symbols());
    }

    @Test
    void configFlagBeatsConfigEnvironment() throws IOException {
        Path f = file("symbols=7\n");
        ServerConfig config = run(List.of("--config=" + f), Map.of("PRICEFEED_CONFIG", "/nonexistent/app.properties"));
        assertEquals(7, config.symbols());
    }

    // PROTOCOL.md §7: "an invalid value stops start-up". Only the winning value was parsed, so a broken
    // PRICEFEED_HTTP_PORT went unnoticed behind --http-port.
    @Test
    void everyValueGivenIsCheckedAlsoOneThatIsOverridden() throws IOException {
        Path f = file("symbols=zero\n");
        String[] args = {"--config", f.toString(), "--symbols", "9"};
        assertEquals("invalid PRICEFEED_SYMBOLS '0': must be 1..10000", assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(args, Map.of("PRICEFEED_SYMBOLS", "0"))).getMessage());
        String inFile = assertThrows(ConfigException.class, () -> ConfigLoader.parse(args, Map.of())).getMessage();
        assertTrue(inFile.startsWith("invalid symbols 'zero' in " + f), inFile);
        assertEquals(9, run(List.of("--symbols", "9"), Map.of("PRICEFEED_SYMBOLS", "8")).symbols(),
                "valid everywhere: the flag wins");
        assertEquals("invalid --symbols 'x': must be 1..10000", assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(new String[] {"--symbols", "x", "--symbols", "9"}, Map.of())).getMessage());
    }

    @Test
    void emptyEnvironmentVariableCountsAsUnset() throws IOException {
        Path f = file("http-port=3\n");
        assertEquals(3, run(List.of("--config", f.toString()), Map.of("PRICEFEED_HTTP_PORT", " ")).httpPort());
    }

    @Test
    void unknownPrefixedEnvironmentVariablesAreIgnored() {
        assertEquals(ServerConfig.DEFAULTS,
                run(List.of(), Map.of("PRICEFEED_LOG_LEVEL", "DEBUG", "PRICEFEED_HTP_PORT", "x", "HTTP_PORT", "1")));
    }

    @Test
    void repeatedFlagTakesTheLastValue() {
        assertEquals(42L + 1, run(List.of("--seed", "1", "--seed=43"), Map.of()).seed());
    }

    @Test
    void valuesAreTrimmedInEverySource() throws IOException {
        Path f = file("symbols =  12  \n");
        ServerConfig config = run(List.of("--config", f.toString(), "--seed", " 5 "),
                Map.of("PRICEFEED_HTTP_PORT", " 9000\t"));
        assertEquals(List.of(12L, 5L, 9000L), List.of((long) config.symbols(), config.seed(), (long) config.httpPort()));
    }

    @Test
    void equalsFormAcceptsValuesStartingWithDashesAndEmptyValues() {
        ServerConfig config = run(List.of("--seed=-7", "--allowed-origins="),
                Map.of("PRICEFEED_ALLOWED_ORIGINS", "https://a.example"));
        assertEquals(-7L, config.seed());
        assertEquals(List.of(), config.allowedOrigins());
    }

    @Test
    void spaceFormAcceptsANegativeNumber() {
        assertEquals(-7L, run(List.of("--seed", "-7"), Map.of()).seed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "a-b.example.com", "0.0.0.0", "255.255.255.255", "::", "::1",
            "2001:db8::1", "::ffff:1.2.3.4"})
    void hostsAreLiteralsOrNames(String host) {
        assertEquals(host, run(List.of("--host", host), Map.of()).host());
    }

    // --- booleans ---

    @ParameterizedTest(name = "{0} -> echo={1}")
    @CsvSource(delimiter = '|', value = {
            "--echo                      | true",
            "--echo=true                 | true",
            "--echo=FALSE                | false",
            "--echo false                | false",
            "--echo true --seed 5        | true",
            "--echo --seed 5             | true",
            "--seed 5 --echo             | true",
    })
    void booleanFlag(String args, boolean echo) {
        assertEquals(echo, run(List.of(args.split(" ")), Map.of()).echo());
    }

    @Test
    void booleanFromEnvironmentAndFile() throws IOException {
        assertTrue(run(List.of(), Map.of("PRICEFEED_ECHO", "TRUE")).echo());
        Path f = file("echo=true\n");
        assertTrue(run(List.of("--config", f.toString()), Map.of()).echo());
        assertFalse(run(List.of("--config", f.toString()), Map.of("PRICEFEED_ECHO", "false")).echo());
        assertFalse(run(List.of("--echo=false"), Map.of("PRICEFEED_ECHO", "true")).echo());
    }

    // --- sizes and durations through the loader ---

    @Test
    void sizesAndDurationsReachTheRecord() {
        ServerConfig config = run(List.of("--outbound-budget", "256KiB", "--send-buffer=65536", "--max-lag", "750ms",
                "--heartbeat-interval", "PT2S", "--idle-timeout", "2m", "--max-message-bytes", "1mib"), Map.of());
        assertEquals(256 * 1024, config.outboundBudget());
        assertEquals(65536, config.sendBuffer());
        assertEquals(Duration.ofMillis(750), config.maxLag());
        assertEquals(Duration.ofSeconds(2), config.heartbeatInterval());
        assertEquals(Duration.ofMinutes(2), config.idleTimeout());
        assertEquals(1024 * 1024, config.maxMessageBytes());
    }

    @Test
    void writeDelayAndIoThreadsReachTheListenerAndTheSessions() {
        ServerConfig config = run(List.of("--write-delay", "2ms", "--io-threads", "3"), Map.of());
        assertEquals(Duration.ofMillis(2), FeedServer.sessionSettings(config).writeDelay());
        assertEquals(3, FeedServer.streamConfig(config).ioThreads());
        assertEquals(Duration.ZERO, FeedServer.sessionSettings(ServerConfig.DEFAULTS).writeDelay());
    }

    @Test
    void aBareZeroIsAZeroDurationFromEverySource() throws IOException {
        // The help says "0 = at once"; zero needs no unit, as in the load client's options.
        // The default is zero too, so each source is given a non-zero value as well: zero must win over it.
        Path file = file("write-delay=5ms\n");
        assertEquals(Duration.ZERO, run(List.of("--config", file.toString(), "--write-delay", "0"), Map.of()).writeDelay());
        assertEquals(Duration.ZERO, run(List.of("--config", file.toString()),
                Map.of("PRICEFEED_WRITE_DELAY", "0")).writeDelay());
        assertEquals(Duration.ZERO, run(List.of("--config", file("write-delay=0\n").toString()), Map.of()).writeDelay());
    }

    // --- every option can be set from every source ---

    /** A valid, non-default text for every option but config, and how it then displays. */
    private Map<Option<?>, String[]> samples() throws IOException {
        Path csv = Files.writeString(dir.resolve("universe.csv"),
                "symbol,price,decimals,volatility,drift\nAAA,10,2,0.2,0\n");
        Map<Option<?>, String[]> samples = new HashMap<>();
        samples.put(Option.HOST, new String[] {"0.0.0.0", "0.0.0.0"});
        samples.put(Option.HTTP_PORT, new String[] {"0", "0"});
        samples.put(Option.STREAM_PORT, new String[] {"65535", "65535"});
        samples.put(Option.SYMBOLS, new String[] {"10000", "10000"});
        samples.put(Option.TICK_RATE, new String[] {"2.5", "2.5"});
        samples.put(Option.SEED, new String[] {"-9223372036854775808", "-9223372036854775808"});
        samples.put(Option.JUMP_INTENSITY, new String[] {"0", "0"});
        samples.put(Option.SYMBOL_FILE, new String[] {csv.toString(), csv.toString()});
        samples.put(Option.ECHO, new String[] {"true", "true"});
        samples.put(Option.OPERATOR_TOKEN, new String[] {"0123456789abcdef-_.~+/==", "***"});
        samples.put(Option.ALLOWED_ORIGINS, new String[] {"https://A.example:8443, http://b.example",
                "https://a.example:8443,http://b.example"});
        samples.put(Option.MAX_CONNECTIONS, new String[] {"1", "1"});
        samples.put(Option.MAX_WEB_CONNECTIONS, new String[] {"1000000", "1000000"});
        samples.put(Option.MAX_SYMBOLS_PER_CONNECTION, new String[] {"1000000", "1000000"});
        samples.put(Option.MAX_INBOUND_RATE, new String[] {"7", "7"});
        samples.put(Option.OUTBOUND_BUDGET, new String[] {"16384", "16KiB"});
        samples.put(Option.MAX_LAG, new String[] {"PT0.1S", "100ms"});
        samples.put(Option.HISTORY, new String[] {"0", "0"});
        samples.put(Option.HEARTBEAT_INTERVAL, new String[] {"90s", "90s"});
        samples.put(Option.PING_INTERVAL, new String[] {"30m", "30m"});
        samples.put(Option.IDLE_TIMEOUT, new String[] {"PT59M59.5S", "3599500ms"});
        samples.put(Option.HANDSHAKE_TIMEOUT, new String[] {"1500ms", "1500ms"});
        samples.put(Option.MAX_HEAD_BYTES, new String[] {"256", "256"});
        samples.put(Option.MAX_MESSAGE_BYTES, new String[] {"125", "125"});
        samples.put(Option.ECHO_MAX_MESSAGE_BYTES, new String[] {"1GiB", "1GiB"});
        samples.put(Option.SEND_BUFFER, new String[] {"4KiB", "4KiB"});
        samples.put(Option.IO_THREADS, new String[] {"1024", "1024"});
        samples.put(Option.WRITE_DELAY, new String[] {"PT0.05S", "50ms"});
        return samples;
    }

    @Test
    void everyOptionButConfigHasASample() throws IOException {
        List<Option<?>> expected = new ArrayList<>(Option.ALL);
        expected.remove(Option.CONFIG);
        assertEquals(Set.copyOf(expected), samples().keySet());
    }

    @Test
    void everyOptionCanBeSetByFlag() throws IOException {
        List<String> args = new ArrayList<>();
        samples().forEach((option, sample) -> {
            args.add(option.flag());
            args.add(sample[0]);
        });
        assertSamples(run(args, Map.of()));
    }

    @Test
    void everyOptionCanBeSetByEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>();
        samples().forEach((option, sample) -> env.put(option.envName(), sample[0]));
        assertSamples(run(List.of(), env));
    }

    @Test
    void everyOptionCanBeSetInTheFile() throws IOException {
        StringBuilder content = new StringBuilder();
        samples().forEach((option, sample) ->
                content.append(option.name()).append('=').append(sample[0].replace("\\", "\\\\")).append('\n'));
        Path f = file(content.toString());
        assertSamples(run(List.of("--config", f.toString()), Map.of()));
    }

    private void assertSamples(ServerConfig config) throws IOException {
        for (Map.Entry<Option<?>, String[]> e : samples().entrySet()) {
            assertEquals(e.getValue()[1], shown(e.getKey(), config), e.getKey().name());
        }
    }

    private static <T> String shown(Option<T> option, ServerConfig config) {
        return option.display(option.valueIn(config));
    }

    // --- help ---

    @Test
    void helpListsEveryOptionWithDefaultAndDescription() {
        String text = assertInstanceOf(ConfigLoader.Help.class,
                ConfigLoader.parse(new String[] {"--help"}, Map.of())).text();
        List<String> lines = text.lines().toList();
        int descriptionColumn = -1;
        for (Option<?> option : Option.ALL) {
            String line = lines.stream().filter(l -> l.startsWith("  " + option.flag() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no help line for " + option.flag()));
            assertTrue(line.contains("  " + defaultShown(option) + " "), line);
            int column = line.indexOf(option.description());
            assertTrue(column > 0, line);
            descriptionColumn = descriptionColumn < 0 ? column : descriptionColumn;
            assertEquals(descriptionColumn, column, "aligned: " + line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  --help ")));
        assertTrue(text.startsWith("Usage: java -jar feed-server.jar [options]\n"));
        assertTrue(text.endsWith("\n"));
    }

    // WebListener sets --send-buffer on its connections too (a stalled SSE reader trips its budget sooner),
    // and the help said "of stream connections".
    @Test
    void helpSaysTheSendBufferIsThatOfWebConnectionsToo() {
        String text = assertInstanceOf(ConfigLoader.Help.class,
                ConfigLoader.parse(new String[] {"--help"}, Map.of())).text();
        String line = text.lines().filter(l -> l.startsWith("  --send-buffer ")).findFirst().orElseThrow();
        assertTrue(line.endsWith("  socket send buffer (SO_SNDBUF) of stream and web connections"), line);
    }

    private static <T> String defaultShown(Option<T> option) {
        return option.display(option.defaultValue());
    }

    @ParameterizedTest
    @CsvSource({"--help", "-h", "--foo --help", "--seed x -h", "--http-port --help"})
    void helpWinsOverEverythingElse(String args) {
        assertInstanceOf(ConfigLoader.Help.class,
                ConfigLoader.parse(args.split(" "), Map.of("PRICEFEED_SYMBOLS", "0")));
    }

    // --- every error message, exactly ---

    static Stream<Arguments> errors() {
        return Stream.of(
                err("--tick-rate abc", "invalid --tick-rate 'abc': must be a positive number"),
                err("--tick-rate 0", "invalid --tick-rate '0': must be a positive number"),
                err("--tick-rate -1", "invalid --tick-rate '-1': must be a positive number"),
                err("--tick-rate NaN", "invalid --tick-rate 'NaN': must be a positive number"),
                err("--tick-rate 5000000.5", "invalid --tick-rate '5000000.5': must be at most 5000000"),
                err("--jump-intensity -0.1", "invalid --jump-intensity '-0.1': must be a number >= 0"),
                err("--foo", "unknown option --foo (see --help)"),
                err("--foo=1", "unknown option --foo (see --help)"),
                err("--HTTP-PORT 1", "unknown option --HTTP-PORT (see --help)"),
                err("-p 1", "unknown option -p (see --help)"),
                err("--", "unknown option -- (see --help)"),
                err("8080", "unexpected argument '8080' (see --help)"),
                err("--seed", "missing value for --seed"),
                err("--seed --echo", "missing value for --seed"),
                err("--seed x", "invalid --seed 'x': must be a 64-bit integer"),
                err("--seed 9223372036854775808", "invalid --seed '9223372036854775808': must be a 64-bit integer"),
                err("--seed 1e3", "invalid --seed '1e3': must be a 64-bit integer"),
                err("--http-port 70000", "invalid --http-port '70000': must be 0..65535"),
                err("--http-port -1", "invalid --http-port '-1': must be 0..65535"),
                err("--http-port 80.5", "invalid --http-port '80.5': must be 0..65535"),
                err("--http-port 99999999999", "invalid --http-port '99999999999': must be 0..65535"),
                err("--http-port=", "invalid --http-port '': must be 0..65535"),
                err("--stream-port x", "invalid --stream-port 'x': must be 0..65535"),
                err("--symbols 0", "invalid --symbols '0': must be 1..10000"),
                err("--symbols 10001", "invalid --symbols '10001': must be 1..10000"),
                err("--max-connections 0", "invalid --max-connections '0': must be 1..1000000"),
                err("--max-web-connections 0", "invalid --max-web-connections '0': must be 1..1000000"),
                err("--max-symbols-per-connection 0", "invalid --max-symbols-per-connection '0': must be 1..1000000"),
                err("--max-inbound-rate 0", "invalid --max-inbound-rate '0': must be 1..1000000"),
                err("--history -1", "invalid --history '-1': must be 0..1000000"),
                err("--echo=yes", "invalid --echo 'yes': must be true or false"),
                // Was "unexpected argument 'maybe'", which did not name the option.
                err("--echo maybe", "invalid --echo 'maybe': must be true or false"),
                err("--echo 2 --seed 5", "invalid --echo '2': must be true or false"),
                err("--host=", "invalid --host '': must be an IP address or a hostname"),
                err("--host bad_host", "invalid --host 'bad_host': must be an IP address or a hostname"),
                err("--host 256.0.0.1", "invalid --host '256.0.0.1': must be an IP address or a hostname"),
                err("--host 1.2.3", "invalid --host '1.2.3': must be an IP address or a hostname"),
                err("--host fe80::zz", "invalid --host 'fe80::zz': must be an IP address or a hostname"),
                err("--host [::1]", "invalid --host '[::1]': must be an IP address or a hostname"),
                err("--symbol-file /nonexistent/u.csv", "invalid --symbol-file '/nonexistent/u.csv': no such file"),
                err("--symbol-file {dir}", "invalid --symbol-file '{dir}': not a regular file"),
                err("--operator-token short", "invalid --operator-token '***': must be 16 to 256 characters"
                        + " of A-Z a-z 0-9 - . _ ~ + / (then '=' padding)"),
                err("--operator-token=has,a,comma,in,it,too", "invalid --operator-token '***': must be 16 to 256"
                        + " characters of A-Z a-z 0-9 - . _ ~ + / (then '=' padding)"),
                // An empty or blank token started the server without one, leaving operating to loopback.
                err("--operator-token=", "invalid --operator-token '***': must be 16 to 256 characters"
                        + " of A-Z a-z 0-9 - . _ ~ + / (then '=' padding)"),
                Arguments.of(new String[] {"--operator-token", ""}, Map.of(), null, "invalid --operator-token '***':"
                        + " must be 16 to 256 characters of A-Z a-z 0-9 - . _ ~ + / (then '=' padding)"),
                Arguments.of(new String[] {"--operator-token", " \t "}, Map.of(), null, "invalid --operator-token"
                        + " '***': must be 16 to 256 characters of A-Z a-z 0-9 - . _ ~ + / (then '=' padding)"),
                file("operator-token=", "invalid operator-token '***' in {file}: must be 16 to 256 characters"
                        + " of A-Z a-z 0-9 - . _ ~ + / (then '=' padding)"),
                file("operator-token=  ", "invalid operator-token '***' in {file}: must be 16 to 256 characters"
                        + " of A-Z a-z 0-9 - . _ ~ + / (then '=' padding)"),
                err("--allowed-origins https://a.example/", "invalid --allowed-origins 'https://a.example/':"
                        + " must be a comma-separated list of origins like https://example.com:8443"),
                err("--allowed-origins ftp://a.example", "invalid --allowed-origins 'ftp://a.example':"
                        + " must be a comma-separated list of origins like https://example.com:8443"),
                err("--allowed-origins https://a.example,", "invalid --allowed-origins 'https://a.example,':"
                        + " must be a comma-separated list of origins like https://example.com:8443"),
                err("--outbound-budget 1MB", "invalid --outbound-budget '1MB': must be a size like 65536, 64KiB or 1MiB"),
                err("--outbound-budget 1.5MiB", "invalid --outbound-budget '1.5MiB': must be a size like 65536,"
                        + " 64KiB or 1MiB"),
                err("--outbound-budget 1KiB", "invalid --outbound-budget '1KiB': must be from 16KiB to 1GiB"),
                err("--outbound-budget 2GiB", "invalid --outbound-budget '2GiB': must be from 16KiB to 1GiB"),
                err("--max-head-bytes 255", "invalid --max-head-bytes '255': must be from 256 to 1GiB"),
                err("--max-message-bytes 124", "invalid --max-message-bytes '124': must be from 125 to 1GiB"),
                err("--echo-max-message-bytes 0", "invalid --echo-max-message-bytes '0': must be from 125 to 1GiB"),
                err("--send-buffer 1KiB", "invalid --send-buffer '1KiB': must be from 4KiB to 1GiB"),
                err("--io-threads 0", "invalid --io-threads '0': must be 1..1024"),
                err("--write-delay 51ms", "invalid --write-delay '51ms': must be from 0s to 50ms"),
                err("--write-delay=-PT0.001S", "invalid --write-delay '-PT0.001S': must be from 0s to 50ms"),
                err("--max-lag 50ms", "invalid --max-lag '50ms': must be from 100ms to 1h"),
                err("--max-lag 5", "invalid --max-lag '5': must be a duration like 250ms, 5s, 2m, PT5S or 0"),
                err("--max-lag=-PT1S", "invalid --max-lag '-PT1S': must be from 100ms to 1h"),
                err("--heartbeat-interval 2h", "invalid --heartbeat-interval '2h': must be from 100ms to 1h"),
                err("--ping-interval 1.5s", "invalid --ping-interval '1.5s': must be a duration like 250ms, 5s,"
                        + " 2m, PT5S or 0"),
                err("--idle-timeout 999ms", "invalid --idle-timeout '999ms': must be from 1s to 1h"),
                err("--handshake-timeout PT", "invalid --handshake-timeout 'PT': must be a duration like 250ms, 5s,"
                        + " 2m, PT5S or 0"),
                err("--ping-interval 60s", "invalid configuration: ping-interval (1m) must be less than"
                        + " idle-timeout (1m)"),
                err("--seed=a\tb\nc", "invalid --seed 'a?b?c': must be a 64-bit integer"),
                err("--seed=" + "9".repeat(100), "invalid --seed '" + "9".repeat(80) + "...': must be a 64-bit integer"),
                // environment
                env("PRICEFEED_SYMBOLS", "0", "invalid PRICEFEED_SYMBOLS '0': must be 1..10000"),
                env("PRICEFEED_ECHO", "1", "invalid PRICEFEED_ECHO '1': must be true or false"),
                // Logback took these for DEBUG; now they stop start-up like an option's bad value.
                env("PRICEFEED_LOG_LEVEL", "LOUD", "invalid PRICEFEED_LOG_LEVEL 'LOUD': must be TRACE, DEBUG, INFO, WARN,"
                        + " ERROR or OFF"),
                env("PRICEFEED_LOG_LEVEL", "", "invalid PRICEFEED_LOG_LEVEL '': must be TRACE, DEBUG, INFO, WARN,"
                        + " ERROR or OFF"),
                env("PRICEFEED_NETTY_LOG_LEVEL", "x", "invalid PRICEFEED_NETTY_LOG_LEVEL 'x': must be TRACE, DEBUG,"
                        + " INFO, WARN, ERROR or OFF"),
                env("PRICEFEED_MAX_LAG", "2 s", "invalid PRICEFEED_MAX_LAG '2 s': must be a duration like 250ms,"
                        + " 5s, 2m, PT5S or 0"),
                env("PRICEFEED_CONFIG", "/nonexistent/app.properties",
                        "cannot read PRICEFEED_CONFIG /nonexistent/app.properties: no such file"),
                // config file
                file("http-port=70000", "invalid http-port '70000' in {file}: must be 0..65535"),
                file("http-port=", "invalid http-port '' in {file}: must be 0..65535"),
                file("htp-port=1", "unknown key 'htp-port' in {file}"),
                // The later line wins, but the earlier value is checked too, as for a repeated flag; before, it
                // was silently dropped.
                file("symbols=0\nsymbols=7", "invalid symbols '0' in {file}: must be 1..10000"),
                file("symbols=7\nsymbols=0", "invalid symbols '0' in {file}: must be 1..10000"),
                file("--http-port=1", "unknown key '--http-port' in {file}"),
                file("config=other.properties", "unsupported key 'config' in {file}: a config file cannot name"
                        + " another config file"),
                file("seed=\\u12", "cannot read --config {file}: Malformed \\uxxxx encoding."),
                err("--config /nonexistent/app.properties",
                        "cannot read --config /nonexistent/app.properties: no such file"),
                err("--config {dir}", "cannot read --config {dir}: is a directory"));
    }

    private static Arguments err(String args, String message) {
        return Arguments.of(args.split(" "), Map.of(), null, message);
    }

    private static Arguments env(String name, String value, String message) {
        return Arguments.of(new String[0], Map.of(name, value), null, message);
    }

    private static Arguments file(String content, String message) {
        return Arguments.of(new String[] {"--config", "{file}"}, Map.of(), content, message);
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("errors")
    void errorMessage(String[] args, Map<String, String> env, String fileContent, String expected) throws IOException {
        Path f = dir.resolve("app.properties");
        if (fileContent != null) {
            Files.writeString(f, fileContent + "\n");
        }
        String[] resolved = Stream.of(args)
                .map(a -> a.replace("{file}", f.toString()).replace("{dir}", dir.toString())).toArray(String[]::new);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(resolved, env));
        assertEquals(expected.replace("{file}", f.toString()).replace("{dir}", dir.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    static Stream<Arguments> badSymbolFiles() {
        return Stream.of(
                Arguments.of("AAA,10,2,0.2,0\nBBB,x,2,0.2,0\n".getBytes(StandardCharsets.UTF_8),
                        "line 2: price is not a number: 'x' in 'BBB,x,2,0.2,0'"),
                Arguments.of("\u00c4PFEL,10,2,0.2,0\n".getBytes(StandardCharsets.ISO_8859_1),
                        "not UTF-8 text (save it as UTF-8)"));
    }

    @ParameterizedTest
    @MethodSource("badSymbolFiles")
    void aBadSymbolFileStopsStartUpNamingTheOption(byte[] content, String problem) throws IOException {
        Path csv = Files.write(dir.resolve("symbols.csv"), content);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(new String[] {"--symbol-file", csv.toString()}, Map.of()));
        assertEquals("invalid --symbol-file '" + csv + "': " + problem, e.getMessage());
    }

    @Test
    void configFileThatIsNotUtf8() throws IOException {
        Path f = Files.write(dir.resolve("latin1.properties"), "host=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(new String[] {"--config", f.toString()}, Map.of()));
        assertEquals("cannot read --config " + f + ": not valid UTF-8", e.getMessage());
    }

    @Test
    void secretIsNeverEchoed() {
        String token = "not a valid token but secret";
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(new String[0], Map.of("PRICEFEED_OPERATOR_TOKEN", token)));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
}
