package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;

/**
 * The first fields of a {@code tick} or {@code snapshot} message, read by matching the exact layout
 * {@link ServerMessages} writes rather than by a JSON parser: enough for a load client to check seqs and
 * measure latency at hundreds of thousands of messages per second. Anything laid out differently is "not a
 * tick" ({@code null}); use {@link ServerMessageParser} for those and for the prices. The scan itself is
 * {@link TickHeaderScanner}, for callers that want no String.
 *
 * @param snapshot whether the message is a snapshot (otherwise a live tick)
 * @param symbol   the ticker
 * @param seq      the per-symbol sequence number
 * @param tsMicros when the tick was made, microseconds since the Unix epoch
 */
public record TickHeader(boolean snapshot, String symbol, long seq, long tsMicros) {

    private static final FastThreadLocal<TickHeaderScanner> SCANNER = new FastThreadLocal<>() {
        @Override
        protected TickHeaderScanner initialValue() {
            return new TickHeaderScanner();
        }
    };

    /**
     * @param message one whole text message; neither released nor consumed
     * @return its header, or {@code null} if it is not a tick or snapshot in our layout
     */
    public static TickHeader peek(ByteBuf message) {
        TickHeaderScanner s = SCANNER.get();
        if (!s.scan(message)) {
            return null;
        }
        String symbol = new String(s.bytes(), s.symbolStart(), s.symbolLength(), StandardCharsets.US_ASCII);
        return new TickHeader(s.snapshot(), symbol, s.seq(), s.tsMicros());
    }
}
