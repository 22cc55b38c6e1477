package pricefeed.simulator.load;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import pricefeed.core.json.ClientMessage;
import pricefeed.core.json.ClientMessages;
import pricefeed.core.ws.WebSocketLimits;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpClient;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One run from start to report: starts the event loops, ramps the connections, hands figures over from
 * the loops at every progress line (and at the end of the warm-up), ends the run, lets stalled clients read
 * their backlog, closes everything and builds the report. Runs on the caller's thread.
 */
final class LoadSession {

    /** How soon a requested stop ends the run. */
    private static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final LoadPlan plan;
    private final Consumer<String> progress;
    private final Census census;
    private final LoopRegistry loops = new LoopRegistry();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final List<LoadConnection> connections = new ArrayList<>();
    private final CompletableFuture<?> stop;

    /**
     * @param plan     the run
     * @param progress where progress lines go
     * @param stop     completes when the run is to end now (Ctrl-C), with a report of what it measured so far
     */
    LoadSession(LoadPlan plan, Consumer<String> progress, CompletableFuture<?> stop) {
        this.plan = plan;
        this.progress = progress;
        this.stop = stop;
        this.census = new Census(plan.connections());
    }

    /** @return the report, once every connection is closed */
    LoadReport run() {
        InetSocketAddress address = new InetSocketAddress(plan.url().getHost(), port(plan));
        if (address.isUnresolved()) {
            for (int i = 0; i < plan.connections(); i++) {
                census.attempted();
                census.failed("unknown host: " + plan.url().getHost());
            }
            return Reports.build(plan, census, new IntervalStats(), 0, 0);
        }
        LoopResources resources = LoopResources.create("loadtest", plan.eventLoops(), true);
        ScheduledExecutorService ramp = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadtest-ramp");
            t.setDaemon(true);
            return t;
        });
        try {
            RunContext run = new RunContext(plan, census, loops, subscribeMessage(plan),
                    WebSocketLimits.DEFAULTS.withMaxMessageBytes(LoadConstants.MAX_INBOUND_MESSAGE_BYTES)
                            .withHandshakeTimeout(plan.connectTimeout()),
                    new SecureRandom(), finishing);
            TcpClient client = TcpClient.newConnection()
                    .runOn(resources)
                    .remoteAddress(() -> address)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                            plan.connectTimeout().toMillis()))
                    .option(ChannelOption.TCP_NODELAY, true)
                    // A frame's retained slice of a pooled read buffer is a recycled object; of an adaptive
                    // one (Netty 4.2's default), a new one per message.
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
            for (int i = 0; i < plan.connections(); i++) {
                connections.add(new LoadConnection(plan.kindOf(i), run));
            }
            return measure(client, ramp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("load test interrupted", e);
        } finally {
            ramp.shutdownNow();
            resources.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
        }
    }

    private LoadReport measure(TcpClient client, ScheduledExecutorService ramp) throws InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < connections.size(); i++) {
            LoadConnection c = connections.get(i);
            ramp.schedule(() -> c.start(client), plan.rampDelayNanos(i), TimeUnit.NANOSECONDS);
        }
        long end = start + plan.duration().toNanos();
        long warmupEnd = start + plan.warmup().toNanos();
        long measuredNanos = plan.duration().minus(plan.warmup()).toNanos();
        long every = plan.progress().toNanos();
        boolean measuring = plan.warmup().isZero();
        long measureStart = start;
        long nextLine = every > 0 ? start + every : Long.MAX_VALUE;
        int lines = 0;
        long recentSince = start;
        IntervalStats totals = new IntervalStats();
        IntervalStats recent = new IntervalStats();
        IntervalStats cumulative = new IntervalStats();
        long endedAt;
        while (true) {
            long now = System.nanoTime();
            long next = Math.min(end, Math.min(nextLine, measuring ? Long.MAX_VALUE : warmupEnd));
            if (now < next && !stop.isDone()) {
                // In slices, so that a stop is seen within one.
                if (census.awaitAllEnded(Math.min(next - now, STOP_CHECK_NANOS))) {
                    endedAt = System.nanoTime();
                    break; // nothing left that could deliver anything
                }
                continue;
            }
            if (now >= end || stop.isDone()) {
                endedAt = now;
                break;
            }
            IntervalStats interval = loops.flipAll(LoadConstants.FLIP_TIMEOUT);
            recent.add(interval);
            cumulative.add(interval);
            if (measuring) {
                totals.add(interval);
            } else if (now >= warmupEnd) {
                measuring = true;
                measureStart = now;
                // The end follows the warm-up's real end, so that a late wake-up here lengthens the run
                // rather than shortening the measured span.
                end = now + measuredNanos;
            }
            if (now >= nextLine) {
                lines++;
                progress.accept(ProgressLine.format(plan, plan.progress().multipliedBy(lines), recent,
                        now - recentSince, cumulative, census));
                recent = new IntervalStats();
                recentSince = now;
                nextLine += every;
            }
        }
        int idleStillOpen = census.idleOpen();
        finishing.set(true);
        ramp.shutdownNow();
        ramp.awaitTermination(LoadConstants.FLIP_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
        connections.forEach(LoadConnection::abandon);
        List<CompletableFuture<Void>> draining = new ArrayList<>();
        for (Finish f : loops.onEachLoop(LoadSession::finish, LoadConstants.FLIP_TIMEOUT)) {
            if (measuring) {
                totals.add(f.last());
            }
            draining.addAll(f.draining());
        }
        if (!draining.isEmpty()) {
            awaitAll(draining, LoadConstants.FINAL_DRAIN);
            for (IntervalStats backlog : loops.onEachLoop(LoadSession::stopDraining, LoadConstants.FLIP_TIMEOUT)) {
                totals.add(backlog);
            }
        }
        census.awaitAllEnded(LoadConstants.CLOSE_WAIT.toNanos());
        return Reports.build(plan, census, totals, measuring ? endedAt - measureStart : 0, idleStillOpen);
    }

    /** What a loop hands over when the run ends: its last interval and its stalled clients' ends. */
    private record Finish(IntervalStats last, List<CompletableFuture<Void>> draining) {
    }

    private static Finish finish(LoopContext ctx) {
        List<CompletableFuture<Void>> draining = new ArrayList<>();
        for (LoadConnection c : ctx.connections()) {
            c.finish();
            if (c.isDraining()) {
                draining.add(c.ended());
            }
        }
        return new Finish(ctx.flip(), draining);
    }

    private static IntervalStats stopDraining(LoopContext ctx) {
        for (LoadConnection c : ctx.connections()) {
            c.stopDraining();
        }
        return ctx.flip();
    }

    private static void awaitAll(List<CompletableFuture<Void>> futures, Duration timeout) throws InterruptedException {
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Stalled clients still reading were not dropped: stopDraining closes them.
        } catch (ExecutionException e) {
            throw new IllegalStateException("unexpected failure while draining", e.getCause());
        }
    }

    private static int port(LoadPlan plan) {
        return plan.url().getPort() == -1 ? 80 : plan.url().getPort();
    }

    private static byte[] subscribeMessage(LoadPlan plan) {
        ClientMessage.Subscribe subscribe = new ClientMessage.Subscribe(null, plan.symbols(), Map.of(), null,
                plan.throttleMs());
        return ClientMessages.toJson(subscribe).getBytes(StandardCharsets.UTF_8);
    }
}
