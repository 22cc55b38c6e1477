package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import pricefeed.server.session.Heartbeat;
import pricefeed.server.session.OutboundQueue;
import pricefeed.server.subscription.OutFrame;
import pricefeed.server.subscription.Subscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * One SSE client as the fan-out sees it: each frame offered becomes an event, queued for the response
 * within a byte budget. Events wait in a unicast sink until Reactor Netty takes them, which it does only
 * as fast as the socket drains; what waits is counted, and an offer that would take the count over the
 * budget ends the stream instead of queuing ({@code overflow} is told once, and closes the connection).
 * A comment goes out after every {@code heartbeat} of quiet. Snapshots and replays are pulled in
 * parts while less than half the budget waits, so many or long ones never trip the budget of a
 * client that reads.
 *
 * <p>Offers come from the fan-out's thread, conflation timers and the subscribing event loop; one lock
 * serialises them into the sink. Nothing under that lock takes another lock: whoever handles the end of
 * the stream must not close the subscriptions synchronously (they take the fan-out's locks, which the
 * fan-out holds while it offers here).
 */
final class SseStream implements Subscriber {

    /** Lifecycle: open; ending (shutdown: queued events still go, new ones are refused); closed. */
    enum State { OPEN, ENDING, CLOSED }

    private final Sinks.Many<ByteBuf> sink = Sinks.many().unicast().onBackpressureBuffer();
    private final ByteBufAllocator alloc;
    private final Scheduler timers;
    private final Executor pulls;
    private final SseEvents sseEvents;
    private final long budgetBytes;
    private final LongConsumer overflow;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Heartbeat heartbeat;
    private volatile long lastEmitNanos;
    /** The subscriptions' catch-ups (snapshots, replays), pulled a part at a time. */
    private volatile OutboundQueue.Refill catchUps = OutboundQueue.Refill.of(() -> false, () -> false);
    private final AtomicBoolean catchUpScheduled = new AtomicBoolean();
    // Guarded by this.
    private State state = State.OPEN;

    /**
     * @param alloc          where event buffers come from
     * @param timers         heartbeat and conflation timers, and their clock
     * @param pulls          where catch-ups are pulled: the connection's event loop, so that a pull
     *                       never runs inside the caller (the subscribe, or the response taking events)
     * @param sseEvents      turns offered frames into events, once per frame for all streams
     * @param budgetBytes    most bytes that may wait for the socket
     * @param heartbeatNanos quiet time before a heartbeat comment
     * @param overflow       told once, with the queued bytes, when the budget would be exceeded
     */
    SseStream(ByteBufAllocator alloc, Scheduler timers, Executor pulls, SseEvents sseEvents, long budgetBytes,
              long heartbeatNanos, LongConsumer overflow) {
        this.alloc = alloc;
        this.timers = timers;
        this.pulls = pulls;
        this.sseEvents = sseEvents;
        this.budgetBytes = budgetBytes;
        this.overflow = overflow;
        this.heartbeat = new Heartbeat(timers, Duration.ofNanos(heartbeatNanos), this::now, () -> lastEmitNanos,
                () -> emit(SseFormat.heartbeat(alloc)));
    }

    /** @return the events for the response; releases what it never delivers */
    Flux<ByteBuf> events() {
        return sink.asFlux()
                .doOnNext(event -> {
                    long left = queuedBytes.addAndGet(-event.readableBytes());
                    if (left < budgetBytes / 4 && catchUps.pending()) {
                        schedulePull();
                    }
                })
                .doOnDiscard(ByteBuf.class, ByteBuf::release);
    }

    /**
     * Where snapshots and replays come from; set before subscribing. They are pulled in parts as the
     * client reads: while under half the budget waits, and again whenever the events waiting fall
     * under a quarter of it.
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
        if (catchUpScheduled.compareAndSet(false, true)) {
            try {
                pulls.execute(this::pullCatchUps);
            } catch (RejectedExecutionException e) {
                // The connection's event loop is gone, and with it the response: nothing to pull for.
                // Not thrown on: this runs inside the fan-out's wildcard notification of every stream.
                catchUpScheduled.set(false);
            }
        }
    }

    private void pullCatchUps() {
        // Cleared first: a catch-up added during this pull schedules the next one.
        catchUpScheduled.set(false);
        while (queuedBytes.get() < budgetBytes / 2 && catchUps.refill()) {
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
        long over;
        synchronized (this) {
            if (state != State.OPEN) {
                event.release();
                return false;
            }
            long queued = queuedBytes.addAndGet(event.readableBytes());
            if (queued <= budgetBytes) {
                lastEmitNanos = now();
                if (sink.tryEmitNext(event).isFailure()) {
                    queuedBytes.addAndGet(-event.readableBytes());
                    event.release(); // cancelled a moment ago; the sink did not take it
                    return false;
                }
                return true;
            }
            state = State.CLOSED;
            heartbeat.stop();
            event.release();
            over = queued;
        }
        overflow.accept(over);
        return false;
    }

    private long now() {
        return timers.now(TimeUnit.NANOSECONDS);
    }
}
