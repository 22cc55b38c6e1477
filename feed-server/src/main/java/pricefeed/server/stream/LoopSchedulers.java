package pricefeed.server.stream;

import io.netty.channel.EventLoop;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Reactor {@link Scheduler} per Netty event loop, so that a connection's timers run on the loop that
 * owns its channel. Such a timer never races the connection's writes, and what it writes (a ping, a
 * heartbeat) goes straight to the channel: a timer on another thread would hand each write over to the
 * loop, waking it and, on a busy core, taking the CPU from it in the middle of a fan-out sweep.
 */
public final class LoopSchedulers {

    private static final Map<EventLoop, Scheduler> SCHEDULERS = new ConcurrentHashMap<>();

    private LoopSchedulers() {
    }

    /**
     * Never dispose the result: that would shut the loop down. It is forgotten when the loop terminates,
     * e.g. when a listener stops.
     *
     * @param loop an event loop
     * @return the scheduler that runs tasks on it, made on first use
     */
    public static Scheduler of(EventLoop loop) {
        Scheduler known = SCHEDULERS.get(loop);
        if (known != null) {
            return known;
        }
        Scheduler made = Schedulers.fromExecutorService(loop);
        known = SCHEDULERS.putIfAbsent(loop, made);
        if (known != null) {
            return known;
        }
        loop.terminationFuture().addListener(done -> SCHEDULERS.remove(loop));
        return made;
    }
}
