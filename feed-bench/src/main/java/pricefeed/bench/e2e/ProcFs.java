package pricefeed.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads another process's CPU time and resident memory from Linux's {@code /proc}, the same way for every
 * server, so the figures do not depend on what either JVM reports about itself.
 */
final class ProcFs {

    /** Fields 14 and 15 of {@code /proc/PID/stat} (1-based): user and system time in clock ticks. */
    private static final int UTIME_AFTER_COMM = 11;
    private static final int STIME_AFTER_COMM = 12;
    private static final long DEFAULT_CLOCK_TICKS = 100;
    /** In a {@code cpuN} line of {@code /proc/stat}, the 8th number: time the hypervisor ran something else. */
    private static final int STEAL_AFTER_LABEL = 8;

    private final long clockTicksPerSecond;

    private ProcFs(long clockTicksPerSecond) {
        this.clockTicksPerSecond = clockTicksPerSecond;
    }

    /** @return a reader using the kernel's {@code CLK_TCK} (from {@code getconf}, 100 if that fails) */
    static ProcFs open() {
        return new ProcFs(clockTicks());
    }

    /** @return whether {@code /proc} is there to read */
    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /**
     * A process's CPU time so far.
     *
     * @param userSeconds   in user mode (the JVM's own code)
     * @param systemSeconds in the kernel on its behalf (system calls; for loopback TCP, also the receive side
     *                      the kernel runs in the sender's context)
     */
    record CpuTime(double userSeconds, double systemSeconds) {

        /** @return user + system */
        double totalSeconds() {
            return userSeconds + systemSeconds;
        }
    }

    /**
     * @param pid a live process
     * @return its user and system CPU time so far ({@code utime}, {@code stime})
     */
    CpuTime cpuTime(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat")).get(0);
        // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new CpuTime((double) Long.parseLong(fields[UTIME_AFTER_COMM]) / clockTicksPerSecond,
                (double) Long.parseLong(fields[STIME_AFTER_COMM]) / clockTicksPerSecond);
    }

    /**
     * @param pid a live process
     * @return its resident set size in bytes ({@code VmRSS})
     */
    long rssBytes(long pid) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    /**
     * Time the hypervisor gave one virtual CPU's turn to something else while it had work (steal time): on a
     * shared VM, the part of a pinned server's wall time it could not run, whatever its own code does.
     *
     * @param cpu a CPU number
     * @return that CPU's steal time so far, in seconds (0 on a machine that is not virtualised)
     */
    double stolenSeconds(int cpu) {
        return (double) stealTicks(read(Path.of("/proc/stat")), cpu) / clockTicksPerSecond;
    }

    /**
     * @param procStat the lines of {@code /proc/stat}
     * @param cpu      a CPU number
     * @return the steal field of its {@code cpuN} line, in clock ticks (0 when a kernel too old has none)
     */
    static long stealTicks(List<String> procStat, int cpu) {
        String label = "cpu" + cpu + " ";
        for (String line : procStat) {
            if (line.startsWith(label)) { // not splitting every line: the intr line has hundreds of fields
                String[] fields = line.trim().split("\\s+");
                return fields.length > STEAL_AFTER_LABEL ? Long.parseLong(fields[STEAL_AFTER_LABEL]) : 0;
            }
        }
        throw new IllegalStateException("no cpu" + cpu + " line in /proc/stat");
    }

    /** @return the CPUs this process may run on, as {@code /proc/self/status} lists them ({@code 0-1}, {@code 0}) */
    String cpusAllowedList() {
        for (String line : read(Path.of("/proc/self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new IllegalStateException("no Cpus_allowed_list in /proc/self/status");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : DEFAULT_CLOCK_TICKS;
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_CLOCK_TICKS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_CLOCK_TICKS;
        }
    }
}
