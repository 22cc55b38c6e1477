package pricefeed.server.stream;

import pricefeed.core.ws.CloseStatus;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Records every {@link StreamEvents} call for assertions. */
final class RecordingEvents implements StreamEvents {

    final BlockingQueue<Integer> failures = new LinkedBlockingQueue<>();
    final BlockingQueue<HandshakeRequest> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<CloseStatus> closed = new LinkedBlockingQueue<>();

    @Override
    public void onHandshakeFailure(int status) {
        failures.add(status);
    }

    @Override
    public void onOpen(HandshakeRequest request) {
        opened.add(request);
    }

    @Override
    public void onClose(HandshakeRequest request, CloseStatus status) {
        closed.add(status);
    }

    static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(5, TimeUnit.SECONDS);
        assertNotNull(value, "no event within 5 s");
        return value;
    }
}
