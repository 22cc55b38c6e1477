package pricefeed.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * Samples a process's CPU time in the background, so CPU use can be taken over the steady middle of a run
 * rather than over its start-up and wind-down.
 */
final class CpuSampler implements AutoCloseable {

    private static final long PERIOD_MILLIS = 250;

    /** One reading: wall clock and the process's CPU time so far. */
    private record Sample(long nanos, ProcFs.CpuTime cpu) {
    }

    /**
     * CPU use over a window.
     *
     * @param userPerSecond   user CPU seconds per wall second
     * @param systemPerSecond system CPU seconds per wall second
     */
    record Usage(double userPerSecond, double systemPerSecond) {

        /** No measurement. */
        static final Usage NONE = new Usage(0, 0);

        /** @return user + system CPU seconds per wall second */
        double totalPerSecond() {
            return userPerSecond + systemPerSecond;
        }
    }

    private final ProcFs proc;
    private final long pid;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param proc how to read CPU time
     * @param pid  the process to watch
     */
    CpuSampler(ProcFs proc, long pid) {
        this.proc = proc;
        this.pid = pid;
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
        Sample s = new Sample(System.nanoTime(), proc.cpuTime(pid));
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
                (last.cpu.systemSeconds() - first.cpu.systemSeconds()) / wall);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
