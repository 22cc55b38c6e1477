package pricefeed.server.testing;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a listener does with a burst of clients while one of its event loops is busy: the clients' connects
 * complete in the kernel and wait in the listener's backlog until the listening channel's loop accepts them.
 */
public final class QueuedAccepts {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String COUNTER = "queuedAccepts";

    private QueuedAccepts() {
    }

    /**
     * Holds the listening channel's own event loop while the clients connect, then lets it go.
     *
     * @param serverChannel a bound listening channel
     * @param connections   how many clients connect
     * @return the number accepted in each pass over the listening channel, in order
     * @throws IOException          if a client cannot connect
     * @throws InterruptedException if interrupted while waiting for the accepts
     */
    public static List<Integer> perPass(Channel serverChannel, int connections) throws IOException, InterruptedException {
        Counter counter = Counter.install(serverChannel, connections);
        Hold hold = Hold.of(serverChannel.eventLoop());
        try (Clients clients = Clients.connect(serverChannel, connections)) {
            hold.release();
            await(counter.accepted, connections + " connections accepted");
        } finally {
            hold.release();
            counter.remove();
        }
        return counter.passes();
    }

    /**
     * Holds another event loop, one of the listener's connection loops, while the clients connect, and waits
     * for all of them to be accepted meanwhile.
     *
     * @param serverChannel a bound listening channel
     * @param busy          the loop to hold, as one busy writing to its connections would be
     * @param connections   how many clients connect
     * @throws IOException    if a client cannot connect
     * @throws AssertionError if they are not all accepted within 5 s while {@code busy} is held
     * @throws InterruptedException if interrupted while waiting for the accepts
     */
    public static void whileHolding(Channel serverChannel, EventLoop busy, int connections)
            throws IOException, InterruptedException {
        Counter counter = Counter.install(serverChannel, connections);
        Hold hold = Hold.of(busy);
        try (Clients clients = Clients.connect(serverChannel, connections)) {
            await(counter.accepted, connections + " connections accepted while a connection loop is busy");
        } finally {
            hold.release();
            counter.remove();
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        if (!latch.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("timed out waiting for " + what + " (" + latch.getCount() + " short)");
        }
    }

    /** Counts the connections each pass over a listening channel hands to its acceptor. */
    private static final class Counter extends ChannelInboundHandlerAdapter {
        private final Channel serverChannel;
        private final List<Integer> passes = new ArrayList<>();
        private final CountDownLatch accepted;
        private final CountDownLatch added = new CountDownLatch(1);
        private int inPass;

        private Counter(Channel serverChannel, int expected) {
            this.serverChannel = serverChannel;
            this.accepted = new CountDownLatch(expected);
        }

        /**
         * Adds the counter and waits until the channel's loop has taken it in: added from another thread, a
         * handler is only pending until then, and Netty passes it over, so a pass accepted before (the loop
         * handles ready sockets before queued tasks) would go uncounted.
         */
        static Counter install(Channel serverChannel, int expected) throws InterruptedException {
            Counter counter = new Counter(serverChannel, expected);
            serverChannel.pipeline().addFirst(COUNTER, counter);
            await(counter.added, "the counter to be added to " + serverChannel);
            return counter;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            added.countDown();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object child) {
            inPass++;
            ctx.fireChannelRead(child);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            synchronized (passes) {
                passes.add(inPass);
            }
            for (; inPass > 0; inPass--) {
                accepted.countDown();
            }
            ctx.fireChannelReadComplete();
        }

        List<Integer> passes() {
            synchronized (passes) {
                return List.copyOf(passes);
            }
        }

        void remove() {
            serverChannel.pipeline().remove(this);
        }
    }

    /** An event loop kept busy by a task that waits to be let go. */
    private static final class Hold {
        private final CountDownLatch release = new CountDownLatch(1);

        static Hold of(EventLoop loop) throws InterruptedException {
            Hold hold = new Hold();
            CountDownLatch started = new CountDownLatch(1);
            loop.execute(() -> {
                started.countDown();
                try {
                    hold.release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await(started, "the event loop to be held");
            return hold;
        }

        void release() {
            release.countDown();
        }
    }

    /** Plain TCP clients that connect and send nothing. */
    private static final class Clients implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();

        static Clients connect(Channel serverChannel, int count) throws IOException {
            Clients clients = new Clients();
            int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
            try {
                for (int i = 0; i < count; i++) {
                    clients.sockets.add(new Socket("127.0.0.1", port));
                }
            } catch (IOException e) {
                clients.close();
                throw e;
            }
            return clients;
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
