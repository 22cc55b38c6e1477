package pricefeed.bench.simulator;

import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * A scheduler the benchmark drives by hand: it keeps the simulator's periodic batch and runs it when
 * told, after moving its clock. Nothing else is supported.
 */
final class ManualScheduler implements Scheduler {

    private long nowMicros = 1_763_712_000_000_000L;
    private Runnable periodic;

    @Override
    public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
        periodic = task;
        return () -> periodic = null;
    }

    @Override
    public Disposable schedule(Runnable task) {
        task.run();
        return Disposables.disposed();
    }

    @Override
    public long now(TimeUnit unit) {
        return unit.convert(nowMicros, TimeUnit.MICROSECONDS);
    }

    @Override
    public Worker createWorker() {
        throw new UnsupportedOperationException("the benchmark scheduler only runs the simulator's batches");
    }

    /** @param micros how far to move the clock before running one batch */
    void runBatchAfter(long micros) {
        nowMicros += micros;
        periodic.run();
    }
}
