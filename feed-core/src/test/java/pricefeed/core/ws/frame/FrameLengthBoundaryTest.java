package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.core.ws.testing.Hex;
import pricefeed.core.ws.testing.RawFrames;

/** Every length-encoding boundary, masked (client to server) and unmasked (server to client). */
class FrameLengthBoundaryTest {

    private static final WebSocketLimits ONE_MIB = WebSocketLimits.DEFAULTS.withMaxMessageBytes(1 << 20);

    static Stream<Arguments> boundaries() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (Role receiver : Role.values()) {
            boolean masked = receiver == Role.SERVER;
            cases.add(Arguments.of(receiver, 0, hex(0x00 | bit(masked))));
            cases.add(Arguments.of(receiver, 125, hex(0x7d | bit(masked))));
            cases.add(Arguments.of(receiver, 126, hex(0x7e | bit(masked)) + "007e"));
            cases.add(Arguments.of(receiver, 127, hex(0x7e | bit(masked)) + "007f"));
            cases.add(Arguments.of(receiver, 65535, hex(0x7e | bit(masked)) + "ffff"));
            cases.add(Arguments.of(receiver, 65536, hex(0x7f | bit(masked)) + "0000000000010000"));
        }
        return cases.build();
    }

    private static int bit(boolean masked) {
        return masked ? 0x80 : 0;
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }

    @ParameterizedTest(name = "{0} receives {1} bytes")
    @MethodSource("boundaries")
    void encodesAndDecodesAtTheBoundary(Role receiver, int length, String lengthHex) {
        byte[] payload = new byte[length];
        new Random(length).nextBytes(payload);
        Role sender = receiver == Role.SERVER ? Role.CLIENT : Role.SERVER;
        CountingAllocator allocator = new CountingAllocator();
        FrameEncoder encoder = new FrameEncoder(sender, new FixedKeyRandom(0x01020304));
        ByteBuf source = allocator.alloc().buffer(length).writeBytes(payload);
        ByteBuf frame = encoder.binary(allocator.alloc(), source);
        source.release();

        byte[] encoded = ByteBufUtil.getBytes(frame);
        frame.release();
        allocator.assertAllReleased();
        String expectedHeader = "82" + lengthHex + (sender.masksOutput() ? "01020304" : "");
        assertEquals(expectedHeader, Hex.of(Arrays.copyOf(encoded, expectedHeader.length() / 2)));
        assertEquals(FrameEncoder.headerLength(length, sender.masksOutput()) + length, encoded.length);

        RawFrames raw = RawFrames.frame(0x2).payload(payload);
        if (sender.masksOutput()) {
            raw.mask(0x01020304);
        }
        assertArrayEquals(raw.bytes(), encoded, "the encoder agrees with the independent raw builder");

        for (int chunk : new int[] {encoded.length, 1000}) {
            try (DecoderHarness h = new DecoderHarness(receiver, ONE_MIB)) {
                h.feed(encoded, Math.max(1, chunk));
                h.listener.assertBinary(payload);
                assertEquals(List.of(), h.events());
            }
        }
    }
}
