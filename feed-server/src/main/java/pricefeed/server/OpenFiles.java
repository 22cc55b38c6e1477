package pricefeed.server;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's open-file limit against the connection limits. Each connection is a file descriptor, so
 * when {@code --max-connections} or {@code --max-web-connections} is more than the limit leaves, the server
 * runs out of descriptors before it reaches its own limit: past that point a new client gets no 503 but a
 * connect nobody answers (see {@link AcceptFailures}).
 */
final class OpenFiles {

    /**
     * This process's open-file counts.
     *
     * @param open files open now, or negative when counting them failed (counting needs a file itself)
     * @param max  the most the process may open
     */
    record Use(long open, long max) {
        @Override
        public String toString() {
            return open >= 0 ? open + " of " + max + " files open" : "open-file limit " + max;
        }
    }

    private OpenFiles() {
    }

    /** @return this process's open-file counts, or null where the JVM does not report them (not Unix) */
    static Use now() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix) {
            return new Use(openCount(unix), unix.getMaxFileDescriptorCount());
        }
        return null;
    }

    private static long openCount(UnixOperatingSystemMXBean unix) {
        try {
            return unix.getOpenFileDescriptorCount();
        } catch (InternalError e) {
            // The JVM counts by listing /proc/self/fd, which takes a descriptor: at the limit there is none.
            return -1;
        }
    }

    /**
     * @param config the configuration
     * @param use    the open-file counts at start-up, or null if unknown
     * @return one-line warnings, one for each connection limit the open files left cannot hold; empty when
     *         both fit. Each limit is held against the room on its own: both listeners full at once is the
     *         rare case, and the failed accepts are logged then anyway.
     */
    static List<String> shortfallWarnings(ServerConfig config, Use use) {
        if (use == null || use.open() < 0) {
            return List.of();
        }
        long room = Math.max(use.max() - use.open(), 0);
        List<String> warnings = new ArrayList<>(2);
        for (Option<Integer> limit : List.of(Option.MAX_CONNECTIONS, Option.MAX_WEB_CONNECTIONS)) {
            int wanted = limit.valueIn(config);
            if (wanted > room) {
                warnings.add("the open-file limit of " + use.max() + " leaves room for about " + room
                        + " connections, fewer than " + limit.flag() + " " + wanted + ": past that many, new "
                        + "connections wait unanswered instead of getting 503; raise the limit (ulimit -n) or lower "
                        + limit.flag());
            }
        }
        return warnings;
    }
}
