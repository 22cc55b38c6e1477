package pricefeed.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pricefeed.core.ws.testing.LeakWatch;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up warm-up really walks the stream protocol, and leaves nothing running behind it. */
@ExtendWith(LeakWatch.class)
class StreamWarmupTest {

    @Test
    void walksEveryRequestKindAndClosesCleanly() throws Exception {
        StreamWarmup.Report report = StreamWarmup.run(Duration.ofSeconds(10));

        List<String> types = report.types();
        assertEquals("Subscribed", types.get(0), types.toString());
        assertTrue(types.containsAll(List.of("Snapshot", "TickMessage", "Unsubscribed", "SymbolList", "Pong")),
                types.toString());
        // An unknown op, a message that is not JSON and an unknown symbol: three error replies.
        assertEquals(3, types.stream().filter("ErrorReply"::equals).count(), types.toString());
        assertEquals(1000, report.closeCode());
    }

    @Test
    void stopsItsPrivateServiceAgain() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        StreamWarmup.run(Duration.ofSeconds(10));

        // Shared JVM-wide pools (Reactor's timer, Netty's global executor) may stay; its own loops and
        // simulator thread end. They end asynchronously, so each gets a bounded join.
        List<Thread> own = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                .filter(t -> t.getName().startsWith("pricefeed-stream") || t.getName().startsWith("market-simulator"))
                .toList();
        for (Thread t : own) {
            t.join(5_000);
        }
        assertEquals(List.of(), own.stream().filter(Thread::isAlive).map(Thread::getName).toList());
    }
}
