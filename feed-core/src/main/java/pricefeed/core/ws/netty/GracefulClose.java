package pricefeed.core.ws.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Ends a TCP connection after the last bytes we send without losing them: closing a socket that still has
 * unread input makes the kernel send a reset, and a reset can destroy our last bytes (a close frame, an
 * HTTP error) before the peer reads them. So we half-close our side once the write completed, keep reading
 * (the caller discards input from then on), and close fully when the peer closes its side or the timeout
 * expires, whichever comes first.
 */
public final class GracefulClose {

    private GracefulClose() {
    }

    /**
     * @param lastWrite the write of our last bytes
     * @param timeout   how long to wait for the peer to close its side
     */
    public static void afterWrite(ChannelFuture lastWrite, Duration timeout) {
        Channel channel = lastWrite.channel();
        if (!channel.isOpen()) {
            return;
        }
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
            channel.close();
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        channel.closeFuture().addListener(f -> deadline.cancel(false));
        lastWrite.addListener(f -> {
            if (!f.isSuccess() || !(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
                channel.close();
                return;
            }
            // Keep reading so the peer's FIN is seen; with half-closure off, Netty then closes the channel.
            channel.config().setAutoRead(true);
            duplex.shutdownOutput();
        });
    }
}
