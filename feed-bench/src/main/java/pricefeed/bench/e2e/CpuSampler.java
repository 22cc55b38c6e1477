package pricefeed.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Samples a process's CPU time in the background, so CPU use can be taken over the steady middle of a run
 * rather than over its start-up and wind-down. For a process pinned to one CPU it also samples that CPU's steal
 * time, which tells a run on a busy host from a slow server: the same build's p99 moved from under 1 ms to
 * 40 ms between hours of this shared VM.
 */
final class CpuSampler implements AutoCloseable {

    private static final long PERIOD_MILLIS = 250;

    /** One reading: wall clock, the process's CPU time so far and its CPU's steal time so far (NaN if unpinned). */
    private record Sample(long nanos, ProcFs.CpuTime cpu, double stolenSeconds) {
    }

    /**
     * CPU use over a window.
     *
     * @param userPerSecond   user CPU seconds per wall second
     * @param systemPerSecond system CPU seconds per wall second
     * @param stolenPerSecond steal time of the CPU the process is pinned to, per wall second; NaN when it is not
     *                        pinned to one
     */
    record Usage(double userPerSecond, double systemPerSecond, double stolenPerSecond) {

        /** No measurement. */
        static final Usage NONE = new Usage(0, 0, Double.NaN);

        /** @return user + system CPU seconds per wall second */
        double totalPerSecond() {
            return userPerSecond + systemPerSecond;
        }
    }

    private final ProcFs proc;
    private final long pid;
    private final OptionalInt pinnedCpu;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param proc      how to read CPU time
     * @param pid       the process to watch
     * @param pinnedCpu the one CPU it runs on, whose steal time is sampled too; empty when it is not pinned
     */
    CpuSampler(ProcFs proc, long pid, OptionalInt pinnedCpu) {
        this.proc = proc;
        this.pid = pid;
        this.pinnedCpu = pinnedCpu;
        sample();
        this.thread = new Thread(this::loop, "cpu-sampler-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                sample();
            } catch (RuntimeException e) {
                return; // the process is gone; keep what was sampled
            }
        }
    }

    private void sample() {
        Sample s = new Sample(System.nanoTime(), proc.cpuTime(pid),
                pinnedCpu.isPresent() ? proc.stolenSeconds(pinnedCpu.getAsInt()) : Double.NaN);
        synchronized (samples) {
            samples.add(s);
        }
    }

    /**
     * @param fromNanos start of the window ({@link System#nanoTime()})
     * @param toNanos   its end
     * @return CPU seconds per wall second between the samples nearest inside the window
     * @throws IllegalStateException if fewer than two samples fall in it
     */
    Usage usage(long fromNanos, long toNanos) {
        Sample first = null;
        Sample last = null;
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.nanos >= fromNanos && s.nanos <= toNanos) {
                    if (first == null) {
                        first = s;
                    }
                    last = s;
                }
            }
        }
        if (first == null || last == first) {
            throw new IllegalStateException("too few CPU samples in the window");
        }
        double wall = (last.nanos - first.nanos) / 1e9;
        return new Usage((last.cpu.userSeconds() - first.cpu.userSeconds()) / wall,
                (last.cpu.systemSeconds() - first.cpu.systemSeconds()) / wall,
                (last.stolenSeconds - first.stolenSeconds) / wall); // NaN, as documented, when unpinned
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
