package pricefeed.simulator.load;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest {

    @Test
    void onlyTheUrlGivesTheDefaults() throws UsageException {
        CommandLine.Parsed p = CommandLine.parse(new String[]{"loadtest", "--url", "ws://127.0.0.1:8081/stream"});
        assertFalse(p.help());
        assertFalse(p.json());
        assertEquals(LoadPlan.builder(URI.create("ws://127.0.0.1:8081/stream")).build(), p.plan());
    }

    @Test
    void everyOptionInBothSpellings() throws UsageException {
        CommandLine.Parsed p = CommandLine.parse(new String[]{"loadtest", "--url=ws://h:9/s", "--clients", "500",
                "--symbols", "AAPL, MSFT", "--throttle-ms=250", "--duration", "1m", "--ramp", "5s", "--stalled", "7",
                "--stall-after", "1.5s", "--idle=20", "--json", "--connect-timeout", "2s", "--warmup", "10s",
                "--progress", "500ms", "--loops", "3"});
        assertTrue(p.json());
        assertEquals(new LoadPlan(URI.create("ws://h:9/s"), 500, List.of("AAPL", "MSFT"), 250, Duration.ofMinutes(1),
                Duration.ofSeconds(5), 7, Duration.ofMillis(1500), 20, Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofMillis(500), 3), p.plan());
    }

    @Test
    void leadingZerosAreStillTheNumber() throws UsageException {
        CommandLine.Parsed p = CommandLine.parse(new String[]{"loadtest", "--url", "ws://h:9/s",
                "--clients", "000000000000005"});
        assertEquals(5, p.plan().clients());
    }

    @Test
    void helpWinsWherever() throws UsageException {
        assertTrue(CommandLine.parse(new String[]{"-h"}).help());
        assertTrue(CommandLine.parse(new String[]{"loadtest", "--clients", "1", "--help"}).help());
        assertNull(CommandLine.parse(new String[]{"loadtest", "-h"}).plan());
    }

    @Test
    void theHelpGivesEveryExitStatus() {
        assertTrue(CommandLine.help().contains("Exit status: 0 ran, 1 could not connect at all, 2 bad options, 3 the"
                + " server confirmed no subscription,\n130/143 stopped early by Ctrl-C/SIGTERM"), CommandLine.help());
    }
}
