package pricefeed.simulator.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening port on 127.0.0.1 with its accept queue full: the kernel drops further SYNs, so a connect to
 * it stays in progress until the client's own timeout, or until {@link #acceptNewcomer} makes room and the
 * client's next SYN (about 1 s after the first) gets through. Linux keeps backlog + 1 connections in the
 * queue; a few more connects than that make sure it is full.
 */
final class FullListener implements AutoCloseable {

    private static final int BACKLOG = 1;
    private static final int FILLERS = BACKLOG + 3;

    private final ServerSocketChannel listener;
    private final List<SocketChannel> fillers = new ArrayList<>();
    private final List<SocketAddress> fillerAddresses = new ArrayList<>();
    private final List<SocketChannel> accepted = new ArrayList<>();

    FullListener() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        try {
            for (int i = 0; i < FILLERS; i++) {
                SocketChannel filler = SocketChannel.open();
                fillers.add(filler);
                filler.configureBlocking(false);
                filler.connect(listener.getLocalAddress());
                fillerAddresses.add(filler.getLocalAddress());
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** @return the port that takes no more connections */
    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /**
     * Closes the fillers and accepts until a connection that is not one of them arrives.
     *
     * @param timeout how long to wait for it
     * @return that connection, in blocking mode (closed with this listener)
     * @throws IOException if none arrived in time
     */
    SocketChannel acceptNewcomer(Duration timeout) throws IOException {
        for (SocketChannel filler : fillers) {
            filler.close();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        listener.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            listener.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("nothing but the fillers connected within " + timeout);
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                for (SocketChannel c = listener.accept(); c != null; c = listener.accept()) {
                    accepted.add(c);
                    if (!fillerAddresses.contains(c.getRemoteAddress())) {
                        c.configureBlocking(true);
                        return c;
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel c : fillers) {
            c.close();
        }
        for (SocketChannel c : accepted) {
            c.close();
        }
        listener.close();
    }
}
