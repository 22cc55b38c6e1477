package pricefeed.core.json;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The first fields of a {@code tick} or {@code snapshot} message, read by matching the exact layout
 * {@link ServerMessages} writes rather than by a JSON parser: enough for a load client to check seqs and
 * measure latency at hundreds of thousands of messages per second. Anything laid out differently is "not a
 * tick" ({@code null}); use {@link ServerMessageParser} for those and for the prices.
 *
 * @param snapshot whether the message is a snapshot (otherwise a live tick)
 * @param symbol   the ticker
 * @param seq      the per-symbol sequence number
 * @param tsMicros when the tick was made, microseconds since the Unix epoch
 */
public record TickHeader(boolean snapshot, String symbol, long seq, long tsMicros) {

    /** At most 18 digits: any such number fits a long without an overflow check. */
    private static final int MAX_DIGITS = 18;

    /**
     * @param message one whole text message; neither released nor consumed
     * @return its header, or {@code null} if it is not a tick or snapshot in our layout
     */
    public static TickHeader peek(ByteBuf message) {
        int i = message.readerIndex();
        int end = message.writerIndex();
        boolean snapshot;
        if (matches(message, i, end, TickJson.TICK_PREFIX)) {
            snapshot = false;
            i += TickJson.TICK_PREFIX.length;
        } else if (matches(message, i, end, TickJson.SNAPSHOT_PREFIX)) {
            snapshot = true;
            i += TickJson.SNAPSHOT_PREFIX.length;
        } else {
            return null;
        }
        int symbolStart = i;
        int symbolEnd = Math.min(end, symbolStart + TickJson.MAX_SYMBOL_LENGTH);
        while (i < symbolEnd && TickJson.isSymbolChar(message.getByte(i))) {
            i++;
        }
        if (i == symbolStart || !matches(message, i, end, TickJson.SEQ)) {
            return null;
        }
        int symbolLength = i - symbolStart;
        i += TickJson.SEQ.length;
        int seqStart = i;
        long seq = 0;
        while (i < end && i - seqStart < MAX_DIGITS && isDigit(message.getByte(i))) {
            seq = seq * 10 + message.getByte(i++) - '0';
        }
        if (i == seqStart || !matches(message, i, end, TickJson.TS)) {
            return null;
        }
        i += TickJson.TS.length;
        int tsStart = i;
        long ts = 0;
        while (i < end && i - tsStart < MAX_DIGITS && isDigit(message.getByte(i))) {
            ts = ts * 10 + message.getByte(i++) - '0';
        }
        if (i == tsStart || i >= end || message.getByte(i) != ',') {
            return null;
        }
        String symbol = message.toString(symbolStart, symbolLength, StandardCharsets.US_ASCII);
        return new TickHeader(snapshot, symbol, seq, ts);
    }

    private static boolean matches(ByteBuf message, int index, int end, byte[] expected) {
        if (end - index < expected.length) {
            return false;
        }
        for (int j = 0; j < expected.length; j++) {
            if (message.getByte(index + j) != expected[j]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
