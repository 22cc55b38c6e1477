package pricefeed.bench.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    private final Report report = new Report(E2eSettings.parse("--phases", "latency"), new Pinning(null), "java");

    private static StepResult latencyRun(ServerKind kind, LoadResult load, double cpuPerSecond, StepResult.Verdict verdict) {
        CpuSampler.Usage cpu = new CpuSampler.Usage(cpuPerSecond, 0, 0.031);
        return new StepResult(kind, 2000, 200_000, load, cpu, cpu, GcLog.NONE, verdict);
    }

    private String headline(StepResult ours, StepResult baseline) {
        return report.render(List.of(), Map.of(ServerKind.OURS, ours, ServerKind.BASELINE, baseline), Map.of(),
                Duration.ZERO);
    }

    private static final LoadResult FAST = new LoadResult(20, 4_000_000, 200_000, 300, 800, 2000, 5000, 0, 0, 0, 0);
    private static final StepResult.Verdict SUSTAINED = new StepResult.Verdict(true, "");

    /** What E2eMain records for a latency run that threw: every figure 0, which is under every goal. */
    @Test
    void aFailedLatencyRunMeetsNoGoal() {
        StepResult failed = latencyRun(ServerKind.OURS, LoadResult.NONE, 0,
                new StepResult.Verdict(false, "failed: ours died during latency"));
        String md = headline(failed, latencyRun(ServerKind.BASELINE, FAST, 0.6, SUSTAINED));
        assertTrue(md.contains("| p99 latency at 200,000 msgs/s | not sustained (failed: ours died during latency) | 0.80 ms | < 1 ms | **no** |"), md);
        assertTrue(md.contains("| not sustained (failed: ours died during latency) | 3.00 s | ≤ ⅓ of baseline = 1.00 s | **no** |"), md);
    }

    @Test
    void aLatencyRunThatLostClientsMeetsNoGoalHoweverFastItsSurvivors() {
        LoadResult half = new LoadResult(20, 2_000_000, 100_000, 300, 800, 2000, 5000, 0, 0, 0, 50);
        StepResult dropped = latencyRun(ServerKind.OURS, half, 0.1, new StepResult.Verdict(false, "delivered 50.0% of offered"));
        String md = headline(dropped, latencyRun(ServerKind.BASELINE, FAST, 0.6, SUSTAINED));
        assertTrue(md.contains("| not sustained (delivered 50.0% of offered) | 0.80 ms | < 1 ms | **no** |"), md);
    }

    @Test
    void aSustainedRunIsHeldAgainstTheGoals() {
        String md = headline(latencyRun(ServerKind.OURS, FAST, 0.15, SUSTAINED),
                latencyRun(ServerKind.BASELINE, FAST, 0.6, SUSTAINED));
        assertTrue(md.contains("| p99 latency at 200,000 msgs/s | 0.80 ms | 0.80 ms | < 1 ms | yes |"), md);
        assertTrue(md.contains("| 0.75 s | 3.00 s | ≤ ⅓ of baseline = 1.00 s | yes |"), md);
    }

    @Test
    void aPinnedRunShowsHowMuchOfTheServersCpuTheHostTook() {
        Report pinned = new Report(E2eSettings.parse("--phases", "latency", "--server-cpu", "1"),
                new Pinning("/usr/bin/taskset"), "java");
        String md = pinned.render(List.of(), Map.of(ServerKind.OURS, latencyRun(ServerKind.OURS, FAST, 0.15, SUSTAINED)),
                Map.of(), Duration.ZERO);
        assertTrue(md.contains("CPU stolen: the steal time of the server's CPU 1 and the load client's CPU 0 (`/proc/stat`)"), md);
        assertTrue(md.contains("| server CPU s/s (user + sys) | CPU stolen: server's, client's | CPU s per M msgs |"), md);
        assertTrue(md.contains("| 0.15 (0.15 + 0.00) | 3.1 %, 3.1 % | 0.75 s |"), md);
    }

    @Test
    void anUnpinnedRunHasNoStealFigure() {
        StepResult unpinned = new StepResult(ServerKind.OURS, 2000, 200_000, FAST,
                new CpuSampler.Usage(0.15, 0, Double.NaN), CpuSampler.Usage.NONE, GcLog.NONE, SUSTAINED);
        String md = report.render(List.of(), Map.of(ServerKind.OURS, unpinned), Map.of(), Duration.ZERO);
        assertTrue(md.contains("| 0.15 (0.15 + 0.00) | -, - | 0.75 s |"), md);
        assertFalse(md.contains("CPU stolen: the steal time"), md);
    }
}
