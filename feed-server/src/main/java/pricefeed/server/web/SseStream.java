package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import pricefeed.server.session.Heartbeat;
import pricefeed.server.session.OutboundQueue;
import pricefeed.server.subscription.OutFrame;
import pricefeed.server.subscription.Subscriber;
import pricefeed.server.subscription.Subscriptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One SSE client as the fan-out sees it: each frame offered becomes an event, queued for the response
 * within a byte budget and a lag bound. Events wait in a unicast sink until Reactor Netty takes them, which
 * it does only as fast as the socket drains; what waits is counted, and an offer that would take the count
 * over the budget ends the stream instead of queuing ({@code overflow} is told once, and closes the
 * connection). So does an event that waited longer than the lag bound for a socket that holds back what it
 * was given: a client that reads, but slower than the feed, would otherwise be served ever staler prices
 * until the budget filled, which at a few symbols' rate takes hours. The lag is judged on the connection's
 * event loop, after the flushes queued before it, so time the event loop did not run is not held against
 * the client, as with a WebSocket session.
 * A comment goes out after every {@code heartbeat} of quiet. Snapshots and replays are pulled a part
 * at a time while less than a part waits, so many or long ones never trip the budget of a client that
 * reads, and the live events behind them wait no longer than a part takes the client to read: a client
 * on a slow link reading megabytes of catch-up is not behind the feed.
 *
 * <p>Offers come from the fan-out's thread, conflation timers and the subscribing event loop; one lock
 * serialises them into the sink. Nothing under that lock takes another lock: whoever handles the end of
 * the stream must not close the subscriptions synchronously (they take the fan-out's locks, which the
 * fan-out holds while it offers here).
 */
final class SseStream implements Subscriber {

    /** Lifecycle: open; ending (shutdown: queued events still go, new ones are refused); closed. */
    enum State { OPEN, ENDING, CLOSED }

    /**
     * What a stream may hold back, and how long it may stay quiet.
     *
     * @param budgetBytes    most bytes that may wait for the socket
     * @param maxLagNanos    longest an event may wait while the socket holds back what it was given
     * @param heartbeatNanos quiet time before a heartbeat comment
     */
    record Limits(long budgetBytes, long maxLagNanos, long heartbeatNanos) {
    }

    private final Sinks.Many<ByteBuf> sink = Sinks.many().unicast().onBackpressureBuffer();
    private final ByteBufAllocator alloc;
    private final Scheduler timers;
    private final LongSupplier clock;
    private final Executor eventLoop;
    private final SseEvents sseEvents;
    private final long budgetBytes;
    private final long catchUpPart;
    private final long maxLagNanos;
    private final BooleanSupplier socketHoldsBack;
    private final OutboundQueue.SlowConsumerListener overflow;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Heartbeat heartbeat;
    private volatile long lastEmitNanos;
    /** The subscriptions' catch-ups (snapshots, replays), pulled a part at a time. */
    private volatile OutboundQueue.Refill catchUps = OutboundQueue.Refill.of(() -> false, () -> false);
    private final AtomicBoolean catchUpScheduled = new AtomicBoolean();
    private final AtomicBoolean lagCheckScheduled = new AtomicBoolean();
    /**
     * Events the response has taken from the sink. Written by the response's subscriber alone, whose
     * signals are serialised, so an increment is never lost.
     */
    private volatile long taken;
    // Guarded by this: the state; how many events went into the sink; and one event still waiting, whose
    // age stands for the lag. When the response takes it, the next event offered is watched instead. Its
    // age is at most the oldest event's, and not less than half of it for a client that keeps falling
    // behind, which is close enough for a bound on how stale a client may get, for a counter per event.
    private State state = State.OPEN;
    private long emitted;
    private long watched = -1;
    private long watchedSinceNanos;

    /**
     * @param alloc          where event buffers come from
     * @param timers         heartbeat and conflation timers
     * @param clock          monotonic nanoseconds (the fan-out's clock; virtual time in tests)
     * @param eventLoop      the connection's event loop: where catch-ups are pulled, so that a pull never
     *                       runs inside the caller (the subscribe, or the response taking events), and where
     *                       the lag is judged
     * @param sseEvents      turns offered frames into events, once per frame for all streams
     * @param socketHoldsBack asked on the event loop: whether the connection holds bytes its socket did not
     *                       take
     * @param limits         the budget, the lag bound and the heartbeat interval
     * @param overflow       told once, with the bound and the queued bytes, when a bound would be exceeded
     */
    SseStream(ByteBufAllocator alloc, Scheduler timers, LongSupplier clock, Executor eventLoop,
              BooleanSupplier socketHoldsBack, SseEvents sseEvents, Limits limits,
              OutboundQueue.SlowConsumerListener overflow) {
        this.alloc = alloc;
        this.timers = timers;
        this.clock = clock;
        this.eventLoop = eventLoop;
        this.socketHoldsBack = socketHoldsBack;
        this.sseEvents = sseEvents;
        this.budgetBytes = limits.budgetBytes();
        this.catchUpPart = Subscriptions.catchUpPart(budgetBytes);
        this.maxLagNanos = limits.maxLagNanos();
        this.overflow = overflow;
        this.heartbeat = new Heartbeat(timers, Duration.ofNanos(limits.heartbeatNanos()), clock, () -> lastEmitNanos,
                () -> emit(SseFormat.heartbeat(alloc)));
    }

    /** @return the events for the response; releases what it never delivers */
    Flux<ByteBuf> events() {
        return sink.asFlux()
                .doOnNext(event -> {
                    taken++; // the only writer: see the field
                    long left = queuedBytes.addAndGet(-event.readableBytes());
                    if (left < catchUpPart / 2 && catchUps.pending()) {
                        schedulePull();
                    }
                })
                .doOnDiscard(ByteBuf.class, ByteBuf::release);
    }

    /**
     * Where snapshots and replays come from; set before subscribing. They are pulled in parts as the
     * client reads: while less than a part ({@link Subscriptions#catchUpPart}) waits, and again whenever
     * the events waiting fall under half a part.
     *
     * @param catchUps offers the next part, and tells whether any is waiting
     */
    void pullCatchUpsWith(OutboundQueue.Refill catchUps) {
        this.catchUps = catchUps;
    }

    @Override
    public void catchUpWaiting() {
        schedulePull();
    }

    private void schedulePull() {
        runOnEventLoop(catchUpScheduled, this::pullCatchUps);
    }

    /** Runs {@code task} on the event loop unless it is already scheduled there ({@code scheduled}). */
    private void runOnEventLoop(AtomicBoolean scheduled, Runnable task) {
        if (scheduled.compareAndSet(false, true)) {
            try {
                eventLoop.execute(task);
            } catch (RejectedExecutionException e) {
                // The connection's event loop is gone, and with it the response: nothing to do for it.
                // Not thrown on: this runs inside the fan-out's notifications of every stream.
                scheduled.set(false);
            }
        }
    }

    private void pullCatchUps() {
        // Cleared first: a catch-up added during this pull schedules the next one.
        catchUpScheduled.set(false);
        while (queuedBytes.get() < catchUpPart && catchUps.refill()) {
            // each part goes out as it is offered
        }
    }

    /**
     * Queues the {@code retry} line and starts the heartbeat; call before subscribing to symbols.
     *
     * @param retryMs the reconnect delay to tell the client
     */
    void start(int retryMs) {
        lastEmitNanos = now();
        heartbeat.start();
        emit(SseFormat.retry(alloc, retryMs));
    }

    @Override
    public boolean offer(OutFrame frame) {
        ByteBuf event;
        try {
            event = sseEvents.eventFor(frame); // emit refuses it if the stream is no longer open
        } finally {
            frame.bytes().release();
        }
        return emit(event);
    }

    @Override
    public Scheduler timers() {
        return timers;
    }

    /** Shutdown: what is queued still goes out, then the response completes. */
    synchronized void end() {
        if (state == State.OPEN) {
            state = State.ENDING;
            heartbeat.stop();
            sink.tryEmitComplete();
        }
    }

    /** The response is over (client gone, overflow, shutdown): refuse everything from now on. */
    synchronized void closed() {
        state = State.CLOSED;
        heartbeat.stop();
    }

    /** @return the bytes waiting for the socket */
    long queuedBytes() {
        return queuedBytes.get();
    }

    /** @param event an event to queue; taken over (released if refused) */
    private boolean emit(ByteBuf event) {
        long queued;
        boolean late;
        synchronized (this) {
            if (state != State.OPEN) {
                event.release();
                return false;
            }
            queued = queuedBytes.addAndGet(event.readableBytes());
            if (queued > budgetBytes) {
                state = State.CLOSED;
                heartbeat.stop();
                event.release();
                late = false;
            } else {
                long now = now();
                lastEmitNanos = now;
                late = watchedTooLong(now);
                if (watched < taken) {
                    watched = emitted;
                    watchedSinceNanos = now;
                }
                emitted++;
                if (sink.tryEmitNext(event).isFailure()) {
                    queuedBytes.addAndGet(-event.readableBytes());
                    event.release(); // cancelled a moment ago; the sink did not take it
                    return false;
                }
            }
        }
        if (queued > budgetBytes) {
            overflow.onSlowConsumer(OutboundQueue.Overflow.BUDGET, queued);
            return false;
        }
        if (late) {
            runOnEventLoop(lagCheckScheduled, this::checkLag);
        }
        return true;
    }

    /**
     * On the event loop, after whatever it was asked to flush before: bytes the connection still holds are
     * bytes the socket refused, so a watched event still waiting past the bound waits for the client.
     */
    private void checkLag() {
        lagCheckScheduled.set(false);
        long queued;
        synchronized (this) {
            if (state != State.OPEN || !watchedTooLong(now()) || !socketHoldsBack.getAsBoolean()) {
                return;
            }
            state = State.CLOSED;
            heartbeat.stop();
            queued = queuedBytes.get();
        }
        overflow.onSlowConsumer(OutboundQueue.Overflow.LAG, queued);
    }

    /** Under the lock: whether the watched event still waits, for longer than the lag bound. */
    private boolean watchedTooLong(long now) {
        return watched >= taken && now - watchedSinceNanos > maxLagNanos;
    }

    private long now() {
        return clock.getAsLong();
    }
}
