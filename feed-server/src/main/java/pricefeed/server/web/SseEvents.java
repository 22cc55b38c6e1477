package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import pricefeed.server.subscription.OutFrame;
import pricefeed.server.subscription.ServerFrames;

import java.util.function.Supplier;

/**
 * Formats each frame as an SSE event once for all SSE clients. The fan-out offers one shared frame to
 * every subscriber of its symbol in turn, so the last frame's event is kept and each client gets a
 * wrapper around the same bytes. The bytes are a plain array, not a pooled buffer: nothing has to
 * release the kept event, whenever the listener stops. Thread-safe.
 */
final class SseEvents {

    /** Formatting scratch, turned into an array at once. */
    private static final ByteBufAllocator HEAP = new UnpooledByteBufAllocator(false);

    private final Supplier<String> epoch;
    // Guarded by this. The frame is compared by identity: it stays referenced here, so it cannot be reused.
    private OutFrame lastFrame;
    private String lastEpoch;
    private byte[] lastEvent;

    /** @param epoch the current epoch, for event ids */
    SseEvents(Supplier<String> epoch) {
        this.epoch = epoch;
    }

    /**
     * @param frame a tick, snapshot or reply frame; neither released nor moved
     * @return its event, for one client to send and release
     */
    ByteBuf eventFor(OutFrame frame) {
        String current = epoch.get();
        byte[] event;
        synchronized (this) {
            if (frame != lastFrame || !current.equals(lastEpoch)) {
                lastEvent = format(frame, current);
                lastFrame = frame;
                lastEpoch = current;
            }
            event = lastEvent;
        }
        return Unpooled.wrappedBuffer(event);
    }

    private static byte[] format(OutFrame frame, String epoch) {
        ByteBuf event = SseFormat.event(HEAP, ServerFrames.payload(frame.bytes()), epoch);
        try {
            return ByteBufUtil.getBytes(event);
        } finally {
            event.release();
        }
    }
}
