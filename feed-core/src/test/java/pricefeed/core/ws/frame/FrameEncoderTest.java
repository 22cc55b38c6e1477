package pricefeed.core.ws.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.testing.CountingAllocator;
import pricefeed.core.ws.testing.Hex;
import pricefeed.core.ws.testing.RawFrames;

/** The encoder's exact bytes, its refusals of our own misuse, and that its input stays untouched. */
class FrameEncoderTest {

    private final CountingAllocator allocator = new CountingAllocator();
    private final ByteBufAllocator alloc = allocator.alloc();
    private final FrameEncoder server = new FrameEncoder(Role.SERVER, null);
    private final FrameEncoder client = new FrameEncoder(Role.CLIENT, new FixedKeyRandom(0xa1b2c3d4));

    @AfterEach
    void noLeaks() {
        allocator.assertAllReleased();
    }

    @ParameterizedTest(name = "{0} bytes, masked={1} -> {2}")
    @CsvSource({
        "0, false, 2", "125, false, 2", "126, false, 4", "65535, false, 4", "65536, false, 10",
        "9223372036854775807, false, 10", "0, true, 6", "125, true, 6", "126, true, 8", "65536, true, 14",
    })
    void headerLengthFollowsTheLengthEncoding(long payloadLength, boolean masked, int expected) {
        assertEquals(expected, FrameEncoder.headerLength(payloadLength, masked));
    }

    @Test
    void headerLengthRefusesANegativeLength() {
        assertThrows(IllegalArgumentException.class, () -> FrameEncoder.headerLength(-1, false));
    }

    @Test
    void closeFramesCarryCodeAndReason() {
        assertBytes("88 05 03e8 627965", server.close(alloc, CloseCode.NORMAL, "bye"));
        assertBytes("88 02 03f0", server.close(alloc, CloseCode.POLICY_VIOLATION, ""));
        assertBytes("88 02 03f1", server.close(alloc, CloseCode.MESSAGE_TOO_BIG, null));
        assertBytes(Hex.of(RawFrames.frame(0x8).mask(0xa1b2c3d4).payloadHex("0bb8 6f6b").bytes()),
                client.close(alloc, CloseCode.of(3000), "ok"));
    }

    @Test
    void closeReasonMayBe123BytesButNotMore() {
        String longest = "κ".repeat(61) + "x";
        ByteBuf frame = server.close(alloc, CloseCode.NORMAL, longest);
        assertEquals(2 + 125, frame.readableBytes());
        frame.release();
        assertThrows(IllegalArgumentException.class, () -> server.close(alloc, CloseCode.NORMAL, longest + "x"));
        assertThrows(IllegalArgumentException.class, () -> server.close(alloc, CloseCode.NORMAL, "κ".repeat(62)));
    }

    @ParameterizedTest(name = "close code {0} may not be sent")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2000, 5000})
    void closeRefusesCodesThatMayNotBeSent(int code) {
        assertThrows(IllegalArgumentException.class, () -> server.close(alloc, CloseCode.of(code), ""));
    }

    @Test
    void controlPayloadsOver125BytesAreOurMisuse() {
        ByteBuf big = alloc.buffer().writeBytes(new byte[126]);
        try {
            assertThrows(IllegalArgumentException.class, () -> server.ping(alloc, big));
            assertThrows(IllegalArgumentException.class, () -> client.pong(alloc, big));
            assertThrows(IllegalArgumentException.class,
                    () -> server.encode(alloc, WebSocketProtocol.OPCODE_CLOSE, true, big));
            assertThrows(IllegalArgumentException.class,
                    () -> FrameEncoder.writeHeader(big, WebSocketProtocol.OPCODE_PING, true, 126));
        } finally {
            big.release();
        }
    }

    @Test
    void fragmentedControlFramesAndReservedOpcodesAreOurMisuse() {
        ByteBuf empty = alloc.buffer(0);
        try {
            assertThrows(IllegalArgumentException.class,
                    () -> server.encode(alloc, WebSocketProtocol.OPCODE_PING, false, empty));
            for (int opcode : new int[] {3, 7, 0xB, 0xF, 16, -1}) {
                assertThrows(IllegalArgumentException.class, () -> client.encode(alloc, opcode, true, empty));
            }
        } finally {
            empty.release();
        }
    }

    @Test
    void aClientNeedsAMaskSource() {
        assertThrows(NullPointerException.class, () -> new FrameEncoder(Role.CLIENT, null));
    }

    @Test
    void clientFramesUseAFreshKeyEachTime() {
        FrameEncoder seeded = new FrameEncoder(Role.CLIENT, new Random(42));
        Random sameSeed = new Random(42);
        for (int i = 0; i < 3; i++) {
            int key = sameSeed.nextInt();
            assertBytes(Hex.of(RawFrames.frame(0x1).mask(key).payload("tick " + i).bytes()),
                    seeded.text(alloc, "tick " + i));
        }
    }

    @Test
    void encodingNeitherConsumesNorModifiesNorReleasesThePayload() {
        ByteBuf payload = alloc.buffer().writeBytes(Hex.bytes("00 01 02 03 04 05 06 07 08 09 0a"));
        payload.readerIndex(1);
        for (FrameEncoder encoder : List.of(server, client)) {
            encoder.binary(alloc, payload).release();
            encoder.ping(alloc, payload).release();
        }
        assertEquals(1, payload.readerIndex());
        assertEquals("0102030405060708090a", Hex.of(payload));
        assertEquals(1, payload.refCnt());
        payload.release();
    }

    @Test
    void writeHeaderWritesUnmaskedHeadersInFront() {
        ByteBuf out = alloc.buffer();
        FrameEncoder.writeHeader(out, WebSocketProtocol.OPCODE_TEXT, true, 5);
        FrameEncoder.writeHeader(out, WebSocketProtocol.OPCODE_BINARY, false, 300);
        FrameEncoder.writeHeader(out, WebSocketProtocol.OPCODE_CONTINUATION, true, 70_000);
        assertBytes("81 05  02 7e 012c  80 7f 0000000000011170", out);
    }

    @Test
    void oneServerFrameCanBeSharedByManyReceivers() {
        ByteBuf frame = server.text(alloc, "{\"type\":\"tick\",\"seq\":1}");
        List<ByteBuf> subscribers = List.of(frame.retainedDuplicate(), frame.retainedDuplicate(),
                frame.retainedDuplicate());
        frame.release();
        for (ByteBuf shared : subscribers) {
            try (DecoderHarness h = new DecoderHarness(Role.CLIENT, WebSocketLimits.DEFAULTS)) {
                byte[] bytes = new byte[shared.readableBytes()];
                shared.readBytes(bytes);
                assertEquals(List.of("text {\"type\":\"tick\",\"seq\":1}"), h.feed(bytes).events());
            }
            shared.release();
        }
        assertEquals(0, frame.refCnt());
    }

    @Test
    void textIsWrittenAsUtf8() {
        assertBytes("81 0b ceba e1bdb9 cf83 cebc ceb5", server.text(alloc, "\u03ba\u1f79\u03c3\u03bc\u03b5"));
        assertBytes("81 04 f09d849e", server.text(alloc, "𝄞"));
    }

    private static void assertBytes(String expectedHex, ByteBuf frame) {
        try {
            assertEquals(Hex.of(Hex.bytes(expectedHex)), Hex.of(frame));
        } finally {
            frame.release();
        }
    }
}
