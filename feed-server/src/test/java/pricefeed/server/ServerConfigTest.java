package pricefeed.server;

import org.junit.jupiter.api.Test;
import pricefeed.core.ws.WebSocketLimits;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals("ServerConfig[host=127.0.0.1, http-port=8080, stream-port=8081, symbols=50, tick-rate=1000,"
                + " seed=42, jump-intensity=2, symbol-file=(none), echo=false, config=(none), operator-token=(none),"
                + " allowed-origins=(any), max-connections=10000, max-web-connections=10000,"
                + " max-symbols-per-connection=1000,"
                + " max-inbound-rate=50, outbound-budget=1MiB, max-lag=1s, history=1024, heartbeat-interval=5s,"
                + " ping-interval=20s, idle-timeout=1m, handshake-timeout=10s, max-head-bytes=8KiB,"
                + " max-message-bytes=64KiB, echo-max-message-bytes=1MiB, send-buffer=64KiB,"
                + " io-threads=" + Runtime.getRuntime().availableProcessors() + ", write-delay=0s]",
                ServerConfig.DEFAULTS.toString());
        assertEquals(1024 * 1024, ServerConfig.DEFAULTS.outboundBudget());
        assertEquals(Duration.ofSeconds(60), ServerConfig.DEFAULTS.idleTimeout());
        assertEquals(1000.0, ServerConfig.DEFAULTS.tickRate());
    }

    @Test
    void everyOptionDefaultIsInDefaults() {
        for (Option<?> option : Option.ALL) {
            assertEquals(option.defaultValue(), option.valueIn(ServerConfig.DEFAULTS), option.name());
        }
    }

    @Test
    void optionTableFollowsTheRecordComponents() {
        List<String> components = Stream.of(ServerConfig.class.getRecordComponents())
                .map(RecordComponent::getName).toList();
        List<String> options = Option.ALL.stream()
                .map(o -> o == Option.CONFIG ? "configFile" : camelCase(o.name())).toList();
        assertEquals(components, options);
    }

    private static String camelCase(String kebab) {
        StringBuilder sb = new StringBuilder();
        for (String part : kebab.split("-")) {
            sb.append(sb.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return sb.toString();
    }

    @Test
    void namesDeriveFromTheOptionName() {
        assertEquals("--max-symbols-per-connection", Option.MAX_SYMBOLS_PER_CONNECTION.flag());
        assertEquals("PRICEFEED_MAX_SYMBOLS_PER_CONNECTION", Option.MAX_SYMBOLS_PER_CONNECTION.envName());
        assertEquals(Optional.of(Option.HTTP_PORT), Option.named("http-port"));
        assertEquals(Optional.empty(), Option.named("HTTP_PORT"));
        for (Option<?> option : Option.ALL) {
            assertTrue(option.name().matches("[a-z]+(-[a-z]+)*"), option.name());
        }
    }

    @Test
    void withChangesOneValue() {
        ServerConfig config = ServerConfig.DEFAULTS.with(Option.STREAM_PORT, 0).with(Option.ECHO, true);
        assertEquals(0, config.streamPort());
        assertTrue(config.echo());
        assertEquals(ServerConfig.DEFAULTS.httpPort(), config.httpPort());
        assertEquals(ServerConfig.DEFAULTS, config.with(Option.STREAM_PORT, 8081).with(Option.ECHO, false));
    }

    @Test
    void withRejectsAnOutOfRangeValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.DEFAULTS.with(Option.HTTP_PORT, 70000));
        assertEquals("invalid http-port 70000: must be 0..65535", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.DEFAULTS.with(Option.OUTBOUND_BUDGET, 1024));
        assertEquals("invalid outbound-budget 1KiB: must be from 16KiB to 1GiB", e.getMessage());
    }

    @Test
    void constructorRejectsAnOutOfRangeSecretWithoutShowingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.DEFAULTS.with(Option.OPERATOR_TOKEN, Optional.of("tiny secret")));
        assertEquals("invalid operator-token ***: must be 16 to 256 characters of A-Z a-z 0-9 - . _ ~ + /"
                + " (then '=' padding)", e.getMessage());
    }

    @Test
    void constructorRejectsPingsSlowerThanTheIdleTimeout() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.DEFAULTS.with(Option.PING_INTERVAL, Duration.ofSeconds(90)));
        assertEquals("ping-interval (90s) must be less than idle-timeout (1m)", e.getMessage());
    }

    @Test
    void constructorRejectsNull() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> ServerConfig.DEFAULTS.with(Option.MAX_LAG, null));
        assertEquals("max-lag", e.getMessage());
    }

    @Test
    void toStringMasksTheToken() {
        String token = "0123456789abcdef0123";
        String text = ServerConfig.DEFAULTS.with(Option.OPERATOR_TOKEN, Optional.of(token)).toString();
        assertTrue(text.contains("operator-token=***"), text);
        assertFalse(text.contains(token), text);
    }

    @Test
    void limitsComeFromTheConfig() {
        ServerConfig config = ServerConfig.DEFAULTS.with(Option.MAX_MESSAGE_BYTES, 1000)
                .with(Option.ECHO_MAX_MESSAGE_BYTES, 5000).with(Option.MAX_HEAD_BYTES, 4096)
                .with(Option.HANDSHAKE_TIMEOUT, Duration.ofSeconds(3));
        assertEquals(new WebSocketLimits(1000, 1000, 4096, Duration.ofSeconds(3),
                WebSocketLimits.DEFAULT_CLOSE_TIMEOUT), config.streamLimits());
        assertEquals(new WebSocketLimits(5000, 5000, 4096, Duration.ofSeconds(3),
                WebSocketLimits.DEFAULT_CLOSE_TIMEOUT), config.echoLimits());
        assertEquals(WebSocketLimits.DEFAULTS, ServerConfig.DEFAULTS.streamLimits());
    }

    @Test
    void originsAreCopied() {
        List<String> origins = new java.util.ArrayList<>(List.of("https://a.example"));
        ServerConfig config = ServerConfig.DEFAULTS.with(Option.ALLOWED_ORIGINS, origins);
        origins.add("https://b.example");
        assertEquals(List.of("https://a.example"), config.allowedOrigins());
    }
}
