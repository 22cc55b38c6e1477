package pricefeed.simulator.load;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressLineTest {

    private static final URI URL = URI.create("ws://127.0.0.1:8081/stream");

    @Test
    void theIssuesFormat() {
        LoadPlan plan = LoadPlan.builder(URL).clients(100).build();
        Census census = new Census(100);
        for (int i = 0; i < 100; i++) {
            census.opened(ClientKind.READER);
        }
        IntervalStats recent = new IntervalStats();
        recent.ticks = 612_000;
        recent.snapshots = 345;
        for (int i = 0; i < 98; i++) {
            recent.recordLatency(410, 0);
        }
        recent.recordLatency(1_200, 0);
        recent.recordLatency(1_200, 0);
        assertEquals("t=5s conns=100/100 msgs/s=612,345 p50=0.41ms p99=1.20ms gaps=0 dups=0 drops=0",
                ProgressLine.format(plan, Duration.ofSeconds(5), recent, 1_000_000_000L, new IntervalStats(), census));
    }

    @Test
    void failuresProtocolErrorsThrottleStalledAndIdleAddTheirFigures() {
        LoadPlan plan = LoadPlan.builder(URL).clients(4).stalled(1).idle(2).throttleMs(100).build();
        Census census = new Census(6);
        census.failed("Connection refused");
        census.opened(ClientKind.READER);
        census.opened(ClientKind.READER);
        census.opened(ClientKind.STALLER);
        census.opened(ClientKind.IDLE);
        census.opened(ClientKind.IDLE);
        census.stalled();
        census.closed(ClientKind.READER, Census.Ending.DROPPED, 1008);
        census.closed(ClientKind.IDLE, Census.Ending.PROTOCOL_ERROR, 1002);
        IntervalStats recent = new IntervalStats();
        recent.ticks = 1_000;
        IntervalStats cumulative = new IntervalStats();
        cumulative.gaps = 3;
        cumulative.duplicates = 1;
        cumulative.conflated = 7;
        assertEquals("t=1.5s conns=2/4 msgs/s=2,000 p50=- p99=- gaps=3 dups=1 drops=1 failed=1 protocolErrors=1"
                        + " conflated=7"
                        + " stalled=1/1 dropped=0 idle=1/2",
                ProgressLine.format(plan, Duration.ofMillis(1500), recent, 500_000_000L, cumulative, census));
    }
}
