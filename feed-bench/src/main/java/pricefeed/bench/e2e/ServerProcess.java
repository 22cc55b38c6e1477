package pricefeed.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test as a separate process: started with its command line, ready once it prints its
 * {@code stream listening on ws://HOST:PORT/stream} line, stopped on {@link #close()}. Its standard output and
 * error go to a log file.
 */
final class ServerProcess implements AutoCloseable {

    /** The start-up line of PROTOCOL.md §1, printed by both servers. */
    static final Pattern LISTENING = Pattern.compile("stream listening on (ws://([^:/\\s]+):(\\d+)/stream)");

    private final Process process;
    private final String url;

    private ServerProcess(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /**
     * @param command the full command line (pinning included)
     * @param log     where its output goes (replaced)
     * @param timeout how long it may take to print the listening line
     * @return the running server
     * @throws IllegalStateException if it exits or stays silent for the timeout; it is stopped then
     */
    static ServerProcess start(List<String> command, Path log, Duration timeout) {
        Process process;
        try {
            process = Children.track(new ProcessBuilder(command).redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, listening), "server-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            return new ServerProcess(process, listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            Children.stop(process);
            throw new IllegalStateException("server did not start (" + e.getMessage() + "); see " + log
                    + "; command: " + String.join(" ", command));
        } catch (InterruptedException e) {
            Children.stop(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the server", e);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<String> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                Matcher m = LISTENING.matcher(line);
                if (!listening.isDone() && m.find()) {
                    listening.complete(m.group(1));
                }
            }
            listening.completeExceptionally(new IllegalStateException("exited with " + process.waitFor()));
        } catch (IOException e) {
            listening.completeExceptionally(e);
        } catch (InterruptedException e) {
            listening.completeExceptionally(e);
            Thread.currentThread().interrupt();
        }
    }

    /** @return the stream URL it printed */
    String url() {
        return url;
    }

    /** @return its process id (the JVM's: {@code taskset} execs it) */
    long pid() {
        return process.pid();
    }

    /** @return whether it is still running */
    boolean alive() {
        return process.isAlive();
    }

    /** Stops it: SIGTERM, then SIGKILL if it lingers. */
    @Override
    public void close() {
        Children.stop(process);
    }
}
