package pricefeed.server.session;

import io.netty.channel.AbstractEventLoop;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An event loop caught between refusing new tasks and running its last ones: every {@link #execute}
 * is refused, and the loop has terminated only when the test says so with {@link #terminate()}. Termination
 * listeners then run on the test's thread (Netty runs them on its global executor).
 */
final class ShuttingDownEventLoop extends AbstractEventLoop {

    private final Promise<Void> termination = new DefaultPromise<>(ImmediateEventExecutor.INSTANCE);

    /** The loop has run its last task. */
    void terminate() {
        termination.setSuccess(null);
    }

    @Override
    public void execute(Runnable task) {
        throw new RejectedExecutionException("event loop shutting down");
    }

    @Override
    public boolean inEventLoop(Thread thread) {
        return false;
    }

    @Override
    public Future<?> terminationFuture() {
        return termination;
    }

    @Override
    public boolean isShuttingDown() {
        return true;
    }

    @Override
    public boolean isShutdown() {
        return true;
    }

    @Override
    public boolean isTerminated() {
        return termination.isDone();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return termination.awaitUninterruptibly(timeout, unit);
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        return termination;
    }

    @Override
    @Deprecated
    public void shutdown() {
    }

    @Override
    public ChannelFuture register(Channel channel) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        throw new UnsupportedOperationException();
    }

    @Override
    @Deprecated
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        throw new UnsupportedOperationException();
    }
}
