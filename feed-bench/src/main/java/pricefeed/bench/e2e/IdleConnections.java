package pricefeed.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * Holds WebSocket connections open that never subscribe: handshake done, inbound read and discarded (so the
 * server's heartbeats and pings are consumed and pings answered), nothing sent. Each has its own TCP connection
 * (no pooling). Opened in small batches so neither side's accept backlog overflows.
 */
final class IdleConnections implements AutoCloseable {

    private static final int BATCH = 100;
    private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);

    private final LoopResources loops = LoopResources.create("idle-client", 1, true);
    private final HttpClient client = HttpClient.newConnection().runOn(loops);
    private final List<Disposable> connections = new ArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();

    /**
     * Opens connections until {@code count} more are established.
     *
     * @param url   the stream URL
     * @param count how many
     * @throws IllegalStateException if any fails, or a batch of {@value #BATCH} is not open within 30 s
     */
    void open(String url, int count) {
        for (int done = 0; done < count; done += BATCH) {
            int batch = Math.min(BATCH, count - done);
            CountDownLatch established = new CountDownLatch(batch);
            for (int i = 0; i < batch; i++) {
                connections.add(client.websocket()
                        .uri(url)
                        .handle((in, out) -> {
                            open.incrementAndGet();
                            established.countDown();
                            return in.receive().then();
                        })
                        .doFinally(signal -> open.decrementAndGet())
                        .subscribe(ignored -> { }, error -> {
                            failed.incrementAndGet();
                            established.countDown();
                        }));
            }
            await(established);
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " idle connections failed to open");
            }
        }
    }

    /** @return connections whose handshake is done and that are not closed */
    int open() {
        return open.get();
    }

    /** Closes every connection and the client's event loop. */
    @Override
    public void close() {
        connections.forEach(Disposable::dispose);
        connections.clear();
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).onErrorResume(e -> Mono.empty())
                .block(Duration.ofSeconds(10));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(BATCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("idle connections: a batch did not open within " + BATCH_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening idle connections", e);
        }
    }
}
