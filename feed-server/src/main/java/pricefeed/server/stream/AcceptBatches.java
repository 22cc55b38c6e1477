package pricefeed.server.stream;

import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannelRecvByteBufAllocator;

/**
 * How many waiting connections a listening channel accepts each time its event loop comes round to it.
 *
 * <p>Netty's default for a server channel is meant to be 16, but on the epoll transport (level-triggered, Netty
 * 4.2) the loop stops after one: its "maybe more to read" check compares the accepted file descriptor with a
 * byte count of 1. One accept per pass is harmless while the loop is idle and disastrous while it is busy:
 * with 550 clients streaming from one core a pass took about 20 ms, so the listener took in about 50
 * connections a second, hundreds waited in the kernel's backlog, and clients connecting then gave up on their
 * handshake after 5 s. Ignoring that check, a pass accepts until the backlog is empty or 16 are taken: a
 * burst is taken in at once, and no pass is held up by more than 16 new connections.
 */
public final class AcceptBatches {

    /** Connections accepted per pass at most: Netty's default for server channels. */
    private static final int PER_PASS = 16;

    private AcceptBatches() {
    }

    /** @return the receive allocator for a listening channel ({@code ChannelOption.RCVBUF_ALLOCATOR}) */
    public static RecvByteBufAllocator allocator() {
        return new ServerChannelRecvByteBufAllocator().respectMaybeMoreData(false).maxMessagesPerRead(PER_PASS);
    }
}
