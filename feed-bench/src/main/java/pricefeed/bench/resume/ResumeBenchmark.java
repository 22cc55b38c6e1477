package pricefeed.bench.resume;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.DefaultEventExecutor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.market.Tick;
import pricefeed.server.subscription.OutFrame;
import pricefeed.server.subscription.ServerFrames;
import pricefeed.server.subscription.Subscriber;
import pricefeed.server.subscription.Subscriptions;
import pricefeed.server.subscription.TickFanout;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of a resume from the oldest tick a symbol's history holds: subscribe with {@code from},
 * then pull the whole replay in the parts a connection takes ({@link Subscriptions#MAX_CATCH_UP_PART}),
 * each frame offered to a connection that frees it at once. Socket writes are left out, so the figure is
 * what the fan-out adds per replayed frame. It runs on a Netty thread, as on an event loop, where Netty
 * recycles its buffer objects; {@value #ROUNDS} replays per hand-over to that thread keep the hand-over's
 * cost out of the figure. Reported per frame replayed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResumeBenchmark {

    private static final int HISTORY = 1024;
    private static final int ROUNDS = 16;
    private static final String SYMBOL = "AAPL";

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private TickFanout fanout;
    private long[] offered;
    private Subscriber connection;

    @Setup(Level.Trial)
    public void publishAHistory() throws Exception {
        loop.submit(this::publish).get();
    }

    private void publish() {
        fanout = new TickFanout(new ServerFrames(PooledByteBufAllocator.DEFAULT), HISTORY, "bench", System::nanoTime);
        fanout.addSymbol(new SymbolSpec(SYMBOL, 2), tick(0));
        for (long seq = 1; seq <= HISTORY; seq++) {
            fanout.publish(tick(seq));
        }
        offered = new long[1];
        connection = new Subscriber() {
            @Override
            public boolean offer(OutFrame frame) {
                offered[0]++;
                frame.bytes().release();
                return true;
            }

            @Override
            public Scheduler timers() {
                return Schedulers.immediate();
            }

            @Override
            public void catchUpWaiting() {
            }
        };
    }

    private static Tick tick(long seq) {
        long mid = 18_912 + seq % 50;
        return new Tick(SYMBOL, 2, seq, 1_763_712_000_000_000L + seq, mid - 1, mid + 1, mid, 100, 1_000_000 + seq);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        loop.submit(fanout::close).get();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS * (HISTORY - 1))
    public long replayTheWholeHistory() throws Exception {
        return loop.submit(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                replay();
            }
            return offered[0];
        }).get();
    }

    private void replay() {
        Subscriptions subscriptions = fanout.subscriptionsFor(connection, 1000);
        subscriptions.subscribe(List.of(SYMBOL), Map.of(SYMBOL, 1L), null, 0);
        while (subscriptions.pullCatchUps(Subscriptions.MAX_CATCH_UP_PART)) {
            // part after part, as a connection with room pulls them
        }
        subscriptions.close();
    }
}
