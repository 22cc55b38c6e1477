package pricefeed.server.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import reactor.core.scheduler.Scheduler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscriber that decodes every frame it is offered into JSON and releases it. Registered with
 * {@link #pullingFrom}, it pulls catch-ups as soon as they wait, like a connection that always has room.
 */
final class RecordingSubscriber implements Subscriber {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Scheduler timers;
    private final List<JsonNode> messages = new ArrayList<>();
    private final List<Long> createdNanos = new ArrayList<>();
    private final List<Subscriptions> pullFrom = new ArrayList<>();
    private int catchUpsWaiting;

    RecordingSubscriber(Scheduler timers) {
        this.timers = timers;
    }

    @Override
    public synchronized boolean offer(OutFrame frame) {
        try {
            messages.add(JSON.readTree(payload(frame.bytes())));
            createdNanos.add(frame.createdNanos());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            frame.bytes().release();
        }
        return true;
    }

    @Override
    public Scheduler timers() {
        return timers;
    }

    @Override
    public void catchUpWaiting() {
        synchronized (this) {
            catchUpsWaiting++;
        }
        for (Subscriptions s : List.copyOf(pullFrom)) {
            while (s.pullCatchUps(Long.MAX_VALUE)) {
                // all of it: an infinitely fast reader
            }
        }
    }

    /**
     * @param subscriptions subscriptions of this subscriber to pull from whenever a catch-up waits
     * @return those subscriptions
     */
    Subscriptions pullingFrom(Subscriptions subscriptions) {
        pullFrom.add(subscriptions);
        return subscriptions;
    }

    /** @return how often it was told that catch-ups wait */
    synchronized int catchUpsWaiting() {
        return catchUpsWaiting;
    }

    synchronized List<JsonNode> messages() {
        return new ArrayList<>(messages);
    }

    /** @return {@link OutFrame#createdNanos()} of each message offered since the last {@link #take()} */
    synchronized List<Long> createdNanos() {
        return new ArrayList<>(createdNanos);
    }

    synchronized List<JsonNode> take() {
        List<JsonNode> out = new ArrayList<>(messages);
        messages.clear();
        createdNanos.clear();
        return out;
    }

    /** @return "type:symbol:seq" per message, for compact assertions */
    synchronized List<String> summary() {
        List<String> out = new ArrayList<>();
        for (JsonNode m : messages) {
            out.add(m.path("type").asText() + ":" + m.path("symbol").asText() + ":" + m.path("seq").asLong());
        }
        return out;
    }

    /** Reads an unmasked server text frame's payload by absolute index, leaving the buffer as it was. */
    static String payload(ByteBuf frame) {
        int at = frame.readerIndex();
        int b0 = frame.getUnsignedByte(at);
        if ((b0 & 0x0F) != 0x1 || (b0 & 0x80) == 0) {
            throw new AssertionError("not a final text frame: " + Integer.toHexString(b0));
        }
        int len7 = frame.getUnsignedByte(at + 1) & 0x7F;
        int header = 2;
        long len = len7;
        if (len7 == 126) {
            len = frame.getUnsignedShort(at + 2);
            header = 4;
        } else if (len7 == 127) {
            len = frame.getLong(at + 2);
            header = 10;
        }
        if (header + len != frame.readableBytes()) {
            throw new AssertionError("frame length " + len + " does not match buffer " + frame.readableBytes());
        }
        return frame.toString(at + header, (int) len, StandardCharsets.UTF_8);
    }
}
