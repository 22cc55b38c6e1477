package pricefeed.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a running JVM about its memory through {@code jcmd}: a full GC, the live objects by class, and native
 * memory tracking's {@code Other} category, which is where {@code Unsafe.allocateMemory} (Netty's direct
 * buffers, cleaner or not) is counted on JDK 17.
 *
 * <p>Live heap is read from the class histogram, not from {@code GC.heap_info}'s {@code used}: the parallel
 * collector's full GC leaves a "dense prefix" of the old generation uncompacted, dead objects included, so
 * {@code used} after a full GC still wanders by megabytes between readings.
 */
final class Jcmd {

    /** {@code -    Other (reserved=2060KB, committed=2060KB)} in {@code VM.native_memory summary}. */
    private static final Pattern NMT_OTHER = Pattern.compile("-\\s+Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final long TIMEOUT_SECONDS = 30;

    private final String jcmd;

    /** @param jcmd the {@code jcmd} executable (of the same JDK as the target JVM) */
    Jcmd(String jcmd) {
        this.jcmd = jcmd;
    }

    /**
     * Runs a full collection, so the heap holds only what is reachable.
     *
     * @param pid the JVM
     */
    void fullGc(long pid) {
        run(pid, "GC.run");
    }

    /**
     * @param pid the JVM
     * @return its live objects by class, as {@code jcmd} prints them (this runs a full GC first)
     */
    String histogram(long pid) {
        return run(pid, "GC.class_histogram");
    }

    /**
     * @param pid a JVM started with {@code -XX:NativeMemoryTracking=summary}
     * @return the committed bytes of the {@code Other} category (direct buffers)
     */
    long nativeOtherBytes(long pid) {
        return nativeOtherBytes(run(pid, "VM.native_memory", "summary"));
    }

    /**
     * @param summary the output of {@code VM.native_memory summary}
     * @return the committed bytes of its {@code Other} category, 0 if the JVM has none yet
     * @throws IllegalStateException if native memory tracking is off
     */
    static long nativeOtherBytes(String summary) {
        if (summary.contains("Native memory tracking is not enabled")) {
            throw new IllegalStateException("start the JVM with -XX:NativeMemoryTracking=summary");
        }
        Matcher m = NMT_OTHER.matcher(summary);
        return m.find() ? Long.parseLong(m.group(2)) * 1024 : 0;
    }

    private String run(long pid, String... command) {
        String[] argv = new String[command.length + 2];
        argv[0] = jcmd;
        argv[1] = Long.toString(pid);
        System.arraycopy(command, 0, argv, 2, command.length);
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", argv) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running jcmd", e);
        }
    }
}
