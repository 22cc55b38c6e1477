package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.core.ws.testing.Hex;

/** The examples of RFC 6455 §5.7, byte for byte, through the decoder and the encoder. */
class Rfc6455ExamplesTest {

    /** The key of the RFC's masked examples. */
    private static final int RFC_KEY = 0x37fa213d;
    private static final String HELLO = "48 65 6c 6c 6f";

    private static final String UNMASKED_HELLO = "81 05 " + HELLO;
    private static final String MASKED_HELLO = "81 85 37 fa 21 3d 7f 9f 4d 51 58";
    private static final String FRAGMENT_HEL = "01 03 48 65 6c";
    private static final String FRAGMENT_LO = "80 02 6c 6f";
    private static final String UNMASKED_PING = "89 05 " + HELLO;
    private static final String MASKED_PONG = "8a 85 37 fa 21 3d 7f 9f 4d 51 58";
    private static final String HEADER_256 = "82 7e 01 00";
    private static final String HEADER_64K = "82 7f 00 00 00 00 00 01 00 00";

    private final CountingAllocator allocator = new CountingAllocator();
    private final ByteBufAllocator alloc = allocator.alloc();
    private final FrameEncoder server = new FrameEncoder(Role.SERVER, null);
    private final FrameEncoder client = new FrameEncoder(Role.CLIENT, new FixedKeyRandom(RFC_KEY));
    private DecoderHarness harness;

    @AfterEach
    void noLeaks() {
        if (harness != null) {
            harness.close();
        }
        allocator.assertAllReleased();
    }

    private DecoderHarness decoder(Role role) {
        harness = new DecoderHarness(role, WebSocketLimits.DEFAULTS);
        return harness;
    }

    @Test
    void decodesSingleFrameUnmaskedText() {
        decoder(Role.CLIENT).feed(Hex.bytes(UNMASKED_HELLO)).listener.assertText("Hello");
        assertEquals(0, harness.unread());
    }

    @Test
    void decodesSingleFrameMaskedText() {
        decoder(Role.SERVER).feed(Hex.bytes(MASKED_HELLO)).listener.assertText("Hello");
    }

    @Test
    void decodesFragmentedUnmaskedText() {
        decoder(Role.CLIENT).feed(Hex.bytes(FRAGMENT_HEL));
        harness.listener.assertExhausted();
        assertEquals(true, harness.decoder.isMidMessage());
        harness.feed(Hex.bytes(FRAGMENT_LO)).listener.assertText("Hello");
        assertEquals(false, harness.decoder.isMidMessage());
    }

    @Test
    void decodesUnmaskedPing() {
        decoder(Role.CLIENT).feed(Hex.bytes(UNMASKED_PING)).listener.assertPing(HELLO);
    }

    @Test
    void decodesMaskedPong() {
        decoder(Role.SERVER).feed(Hex.bytes(MASKED_PONG)).listener.assertPong(HELLO);
    }

    @Test
    void decodes256ByteBinaryInOneUnmaskedFrame() {
        byte[] payload = pattern(256);
        decoder(Role.CLIENT).feed(concat(Hex.bytes(HEADER_256), payload)).listener.assertBinary(payload);
    }

    @Test
    void decodes64KibBinaryInOneUnmaskedFrame() {
        byte[] payload = pattern(65536);
        decoder(Role.CLIENT).feed(concat(Hex.bytes(HEADER_64K), payload)).listener.assertBinary(payload);
    }

    @Test
    void encodesSingleFrameUnmaskedText() {
        assertFrame(UNMASKED_HELLO, server.text(alloc, "Hello"));
    }

    @Test
    void encodesSingleFrameMaskedText() {
        assertFrame(MASKED_HELLO, client.text(alloc, "Hello"));
    }

    @Test
    void encodesFragmentedUnmaskedText() {
        ByteBuf hel = alloc.buffer().writeBytes("Hel".getBytes(StandardCharsets.UTF_8));
        ByteBuf lo = alloc.buffer().writeBytes("lo".getBytes(StandardCharsets.UTF_8));
        assertFrame(FRAGMENT_HEL, server.encode(alloc, WebSocketProtocol.OPCODE_TEXT, false, hel));
        assertFrame(FRAGMENT_LO, server.encode(alloc, WebSocketProtocol.OPCODE_CONTINUATION, true, lo));
        hel.release();
        lo.release();
    }

    @Test
    void encodesUnmaskedPing() {
        ByteBuf payload = Hex.buf(alloc, HELLO);
        assertFrame(UNMASKED_PING, server.ping(alloc, payload));
        payload.release();
    }

    @Test
    void encodesMaskedPong() {
        ByteBuf payload = Hex.buf(alloc, HELLO);
        assertFrame(MASKED_PONG, client.pong(alloc, payload));
        payload.release();
    }

    @Test
    void encodes256ByteAnd64KibBinaryHeaders() {
        for (int size : new int[] {256, 65536}) {
            ByteBuf payload = alloc.buffer(size).writeBytes(pattern(size));
            ByteBuf frame = server.binary(alloc, payload);
            String header = size == 256 ? HEADER_256 : HEADER_64K;
            assertEquals(Hex.of(concat(Hex.bytes(header), pattern(size))), Hex.of(frame));
            frame.release();
            payload.release();
        }
    }

    private static void assertFrame(String expectedHex, ByteBuf frame) {
        try {
            assertEquals(Hex.of(Hex.bytes(expectedHex)), Hex.of(frame));
        } finally {
            frame.release();
        }
    }

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
