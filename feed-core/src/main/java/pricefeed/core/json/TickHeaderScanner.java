package pricefeed.core.json;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;
import pricefeed.core.market.SymbolSpec;

import java.nio.ByteBuffer;

/**
 * Reads the kind, symbol, seq and {@code ts} at the front of a {@code tick} or {@code snapshot} message by
 * matching the exact layout {@link ServerMessages} writes, without allocating: the symbol is left in
 * {@link #bytes()} with its position, length and hash, for a caller that maps it to an id rather than a
 * String. {@link TickHeader#peek} is the String-making form. Anything laid out differently is "not a
 * tick" and belongs to {@link ServerMessageParser}.
 *
 * <p>Not thread-safe: one scanner per thread; the accessors describe the last successful {@link #scan}.
 */
public final class TickHeaderScanner {

    /** At most 18 digits: any such number fits a long without an overflow check. */
    private static final int MAX_DIGITS = 18;
    /** How far into a message the header can reach: the longest prefix, symbol, seq and ts, and a comma. */
    private static final int MAX_HEADER_LENGTH = TickJson.SNAPSHOT_PREFIX.length + TickJson.MAX_SYMBOL_LENGTH
            + TickJson.SEQ.length + MAX_DIGITS + TickJson.TS.length + MAX_DIGITS + 1;

    // One bulk copy into this, then plain array reads: cheaper than a bounds-checked getByte per byte.
    private final byte[] b = new byte[MAX_HEADER_LENGTH];
    private boolean snapshot;
    private int symbolStart;
    private int symbolLength;
    private int symbolHash;
    private long seq;
    private long tsMicros;

    /**
     * Copies the first {@code end} readable bytes into {@link #b} without allocating, whatever the buffer.
     * <ul>
     *   <li>Heap arrays, and direct memory while Netty may use Unsafe: {@code getBytes} is a plain copy.
     *       (A buffer's memory address alone says nothing: on Java 24+ Netty knows the address without
     *       being allowed to copy through it.)</li>
     *   <li>A root direct buffer without Unsafe (Java 24+ by default): Netty's {@code getBytes} copies
     *       through a fresh duplicate of its ByteBuffer, 64 bytes a call unless C2 inlines it away, which it
     *       does not once other buffer types have passed the same call site. The buffer's own NIO view is
     *       kept per buffer, so an absolute bulk get from it allocates nothing in any JIT state.</li>
     *   <li>A derived buffer without Unsafe (a decoder's slice of a read): it has no view of its own, and
     *       asking for one, or for {@code getBytes}, makes a new ByteBuffer every time. A byte at a time
     *       reads the root's memory in place.</li>
     * </ul>
     */
    private void copyHeader(ByteBuf message, int end) {
        int from = message.readerIndex();
        if (message.hasArray() || (PlatformDependent.hasUnsafe() && message.hasMemoryAddress())) {
            message.getBytes(from, b, 0, end);
        } else if (message.unwrap() == null && message.nioBufferCount() == 1) {
            ByteBuffer view = message.internalNioBuffer(from, end);
            view.get(view.position(), b, 0, end);
        } else {
            for (int i = 0; i < end; i++) {
                b[i] = message.getByte(from + i);
            }
        }
    }

    /**
     * @param message one whole text message; neither released nor consumed
     * @return whether it is a tick or snapshot in our layout; if so, the accessors describe its header
     */
    public boolean scan(ByteBuf message) {
        int end = Math.min(message.readableBytes(), MAX_HEADER_LENGTH);
        copyHeader(message, end);
        int i;
        boolean isSnapshot;
        if (matches(0, end, TickJson.TICK_PREFIX)) {
            isSnapshot = false;
            i = TickJson.TICK_PREFIX.length;
        } else if (matches(0, end, TickJson.SNAPSHOT_PREFIX)) {
            isSnapshot = true;
            i = TickJson.SNAPSHOT_PREFIX.length;
        } else {
            return false;
        }
        int start = i;
        int symbolEnd = Math.min(end, start + TickJson.MAX_SYMBOL_LENGTH);
        int h = 0;
        while (i < symbolEnd && SymbolSpec.isSymbolChar(b[i])) {
            h = 31 * h + b[i++];
        }
        if (i == start || !matches(i, end, TickJson.SEQ)) {
            return false;
        }
        int length = i - start;
        i += TickJson.SEQ.length;
        int seqStart = i;
        long n = 0;
        while (i < end && i - seqStart < MAX_DIGITS && isDigit(b[i])) {
            n = n * 10 + b[i++] - '0';
        }
        if (i == seqStart || !matches(i, end, TickJson.TS)) {
            return false;
        }
        long parsedSeq = n;
        i += TickJson.TS.length;
        int tsStart = i;
        n = 0;
        while (i < end && i - tsStart < MAX_DIGITS && isDigit(b[i])) {
            n = n * 10 + b[i++] - '0';
        }
        if (i == tsStart || i >= end || b[i] != ',') {
            return false;
        }
        snapshot = isSnapshot;
        symbolStart = start;
        symbolLength = length;
        symbolHash = h;
        seq = parsedSeq;
        tsMicros = n;
        return true;
    }

    /** @return whether the last scanned message is a snapshot (otherwise a live tick) */
    public boolean snapshot() {
        return snapshot;
    }

    /** @return the bytes the symbol is in, valid until the next scan; ASCII */
    public byte[] bytes() {
        return b;
    }

    /** @return where the symbol starts in {@link #bytes()} */
    public int symbolStart() {
        return symbolStart;
    }

    /** @return the symbol's length in bytes (1 to 32) */
    public int symbolLength() {
        return symbolLength;
    }

    /** @return the symbol's {@code String.hashCode()}, computed while scanning */
    public int symbolHash() {
        return symbolHash;
    }

    /** @return the per-symbol sequence number */
    public long seq() {
        return seq;
    }

    /** @return when the tick was made, microseconds since the Unix epoch */
    public long tsMicros() {
        return tsMicros;
    }

    private boolean matches(int index, int end, byte[] expected) {
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

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
