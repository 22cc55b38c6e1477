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

    /** How far into a message the header can reach: the longest prefix, symbol, seq and ts, and a comma. */
    private static final int MAX_HEADER_LENGTH = TickJson.SNAPSHOT_PREFIX.length + TickJson.MAX_SYMBOL_LENGTH
            + TickJson.SEQ.length + MAX_DIGITS + TickJson.TS.length + MAX_DIGITS + 1;

    /**
     * @param message one whole text message; neither released nor consumed
     * @return its header, or {@code null} if it is not a tick or snapshot in our layout
     */
    public static TickHeader peek(ByteBuf message) {
        // One bulk copy, then plain array reads: cheaper than a bounds-checked getByte per byte.
        byte[] b = Scratch.get();
        int end = Math.min(message.readableBytes(), MAX_HEADER_LENGTH);
        message.getBytes(message.readerIndex(), b, 0, end);
        int i;
        boolean snapshot;
        if (matches(b, 0, end, TickJson.TICK_PREFIX)) {
            snapshot = false;
            i = TickJson.TICK_PREFIX.length;
        } else if (matches(b, 0, end, TickJson.SNAPSHOT_PREFIX)) {
            snapshot = true;
            i = TickJson.SNAPSHOT_PREFIX.length;
        } else {
            return null;
        }
        int symbolStart = i;
        int symbolEnd = Math.min(end, symbolStart + TickJson.MAX_SYMBOL_LENGTH);
        while (i < symbolEnd && TickJson.isSymbolChar(b[i])) {
            i++;
        }
        if (i == symbolStart || !matches(b, i, end, TickJson.SEQ)) {
            return null;
        }
        int symbolLength = i - symbolStart;
        i += TickJson.SEQ.length;
        int seqStart = i;
        long seq = 0;
        while (i < end && i - seqStart < MAX_DIGITS && isDigit(b[i])) {
            seq = seq * 10 + b[i++] - '0';
        }
        if (i == seqStart || !matches(b, i, end, TickJson.TS)) {
            return null;
        }
        i += TickJson.TS.length;
        int tsStart = i;
        long ts = 0;
        while (i < end && i - tsStart < MAX_DIGITS && isDigit(b[i])) {
            ts = ts * 10 + b[i++] - '0';
        }
        if (i == tsStart || i >= end || b[i] != ',') {
            return null;
        }
        String symbol = new String(b, symbolStart, symbolLength, StandardCharsets.US_ASCII);
        return new TickHeader(snapshot, symbol, seq, ts);
    }

    private static boolean matches(byte[] b, int index, int end, byte[] expected) {
        if (end - index < expected.length) {
            return false;
        }
        for (int j = 0; j < expected.length; j++) {
            if (b[index + j] != expected[j]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
