package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.core.ws.testing.Hex;

/**
 * Seeded random round trips: one role's encoder writes messages of many sizes, split into random
 * fragments with pings between them; the other role's decoder, fed in random chunks, must report
 * exactly those messages and pings.
 */
class CodecRoundTripTest {

    private static final int[] SIZES = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 125, 126, 127, 128, 1000,
        4096, 65535, 65536, 70_000};
    private static final String ALPHABET = "aZ09 {}\":,µßκόσμε€𝄞";
    private static final WebSocketLimits LIMITS = WebSocketLimits.DEFAULTS.withMaxMessageBytes(1 << 20);

    @ParameterizedTest(name = "{0} encodes, the other role decodes")
    @EnumSource(Role.class)
    void messagesSurviveEncodingFragmentationAndChunking(Role sender) {
        Role receiver = sender == Role.SERVER ? Role.CLIENT : Role.SERVER;
        Random random = new Random(20_251_121L + sender.ordinal());
        CountingAllocator allocator = new CountingAllocator();
        FrameEncoder encoder = new FrameEncoder(sender, new Random(random.nextLong()));

        for (int round = 0; round < 60; round++) {
            List<String> expected = new ArrayList<>();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int messages = 1 + random.nextInt(4);
            for (int m = 0; m < messages; m++) {
                boolean text = random.nextBoolean();
                byte[] payload = text ? randomText(random) : randomBytes(random);
                writeMessage(encoder, allocator.alloc(), random, text, payload, wire, expected);
            }
            byte[] bytes = wire.toByteArray();
            int[] chunks = {1 + random.nextInt(3), 1 + random.nextInt(100), 1 + random.nextInt(20_000)};
            try (DecoderHarness h = new DecoderHarness(receiver, LIMITS, random.nextBoolean())) {
                assertEquals(DecoderHarness.shorten(expected), h.feed(bytes, chunks).shortEvents(), "round " + round);
            }
            allocator.assertAllReleased();
        }
    }

    private static void writeMessage(FrameEncoder encoder, ByteBufAllocator alloc, Random random, boolean text,
                                     byte[] payload, ByteArrayOutputStream wire, List<String> expected) {
        int fragments = payload.length == 0 ? 1 : 1 + random.nextInt(Math.min(5, payload.length));
        int[] cuts = random.ints(fragments - 1, 0, payload.length + 1).sorted().toArray();
        int from = 0;
        for (int f = 0; f < fragments; f++) {
            int to = f == fragments - 1 ? payload.length : cuts[f];
            int opcode = f > 0 ? WebSocketProtocol.OPCODE_CONTINUATION
                    : text ? WebSocketProtocol.OPCODE_TEXT : WebSocketProtocol.OPCODE_BINARY;
            ByteBuf fragment = alloc.buffer().writeBytes(payload, from, to - from);
            write(wire, encoder.encode(alloc, opcode, f == fragments - 1, fragment));
            assertEquals(to - from, fragment.readableBytes(), "the encoder does not consume its input");
            fragment.release();
            from = to;
            if (f < fragments - 1 && random.nextInt(3) == 0) {
                byte[] ping = randomBytes(random, random.nextInt(126));
                ByteBuf pingPayload = alloc.buffer().writeBytes(ping);
                write(wire, encoder.ping(alloc, pingPayload));
                pingPayload.release();
                expected.add("ping " + Hex.of(ping));
            }
        }
        expected.add(text ? "text " + new String(payload, StandardCharsets.UTF_8) : "binary " + Hex.of(payload));
    }

    /** Writes and releases an encoded frame. */
    private static void write(ByteArrayOutputStream wire, ByteBuf frame) {
        wire.writeBytes(ByteBufUtil.getBytes(frame));
        frame.release();
    }

    private static byte[] randomBytes(Random random) {
        return randomBytes(random, SIZES[random.nextInt(SIZES.length)]);
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] randomText(Random random) {
        int target = SIZES[random.nextInt(SIZES.length)];
        int[] codePoints = ALPHABET.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        while (bytes < target) {
            String next = Character.toString(codePoints[random.nextInt(codePoints.length)]);
            text.append(next);
            bytes += next.getBytes(StandardCharsets.UTF_8).length;
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
