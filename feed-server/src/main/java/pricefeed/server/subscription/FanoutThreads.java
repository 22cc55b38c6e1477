package pricefeed.server.subscription;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.ThreadFactory;

/**
 * Makes the simulator's thread, which is where the fan-out encodes each tick's frame into a pooled buffer.
 * Netty recycles its buffer objects only on its own {@code FastThreadLocalThread}s. On a plain thread every
 * frame was a new buffer object and reference count (104 bytes a tick), and the frames the tick histories
 * keep (about 100,000 with 100 symbols) were young at every collection, so each young pause copied them:
 * 20-55 ms at 2 M msgs/s. Recycled, they are the same objects tick after tick, and grow old.
 */
public final class FanoutThreads {

    /** The simulator thread's name, numbered by Netty's factory. */
    public static final String NAME = "market-simulator";

    private FanoutThreads() {
    }

    /** @return a factory of daemon threads on which Netty recycles the buffers it hands out */
    public static ThreadFactory factory() {
        return new DefaultThreadFactory(NAME, true);
    }
}
