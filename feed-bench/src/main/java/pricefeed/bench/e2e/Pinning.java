package pricefeed.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Puts a child process on one CPU with {@code taskset -c N} when {@code taskset} exists, so the server under
 * test and the load client do not share a core. Without {@code taskset} nothing is pinned, and the report says
 * so.
 *
 * @param taskset the {@code taskset} executable, or null when there is none
 */
record Pinning(String taskset) {

    private static final List<String> SEARCH = List.of("/usr/bin/taskset", "/bin/taskset", "/usr/local/bin/taskset");

    /** @return pinning with the {@code taskset} found on this machine, if any */
    static Pinning detect() {
        for (String candidate : SEARCH) {
            if (Files.isExecutable(Path.of(candidate))) {
                return new Pinning(candidate);
            }
        }
        return new Pinning(null);
    }

    /** @return whether processes are really pinned */
    boolean enabled() {
        return taskset != null;
    }

    /**
     * @param cpu the CPU a process was put on
     * @return that CPU when processes are really pinned, else empty: the process may run anywhere
     */
    OptionalInt placed(int cpu) {
        return enabled() ? OptionalInt.of(cpu) : OptionalInt.empty();
    }

    /**
     * @param cpu     the CPU to run on
     * @param command the command
     * @return the command prefixed with {@code taskset -c cpu} (taskset execs it, so the pid stays the command's)
     */
    List<String> onCpu(int cpu, List<String> command) {
        if (!enabled()) {
            return command;
        }
        return concat(List.of(taskset, "-c", Integer.toString(cpu)), command);
    }

    /**
     * @param serverCpu where servers run
     * @param clientCpu where the load client runs
     * @return how processes are placed, for the report
     */
    String describe(int serverCpu, int clientCpu) {
        return enabled()
                ? "server pinned to CPU " + serverCpu + ", load client to CPU " + clientCpu + " (taskset)"
                : "not pinned (no taskset): server and client share all CPUs";
    }

    /**
     * The load client runs inside the harness, which cannot move itself: run-e2e.sh starts it with taskset.
     * A harness started some other way would report a placement that is not true.
     *
     * @param clientCpu       where the load client should run
     * @param cpusAllowedList this process's {@code Cpus_allowed_list} from {@code /proc/self/status}
     * @return why the placement is wrong, or null when the harness runs on exactly that CPU (or nothing is pinned)
     */
    String misplacedClient(int clientCpu, String cpusAllowedList) {
        if (!enabled() || cpusAllowedList.trim().equals(Integer.toString(clientCpu))) {
            return null;
        }
        return "--client-cpu " + clientCpu + ", but the harness (the load client) may run on CPUs "
                + cpusAllowedList.trim() + ": start it with feed-bench/run-e2e.sh, or with taskset -c " + clientCpu;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
