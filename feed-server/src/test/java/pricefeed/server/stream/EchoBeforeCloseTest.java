package pricefeed.server.stream;

import org.junit.jupiter.api.Test;
import pricefeed.core.ws.testing.RawFrames;
import pricefeed.server.testing.RawClient;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Messages that reach {@code /echo} in the same read as the peer's close, or as a protocol violation, are
 * all echoed before our close frame: far more of them than one request of a demand-driven consumer takes.
 */
class EchoBeforeCloseTest extends StreamListenerTestBase {

    private static final int MESSAGES = 1000;

    private static byte[] messagesThen(byte[] last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < MESSAGES; i++) {
            out.writeBytes(RawFrames.frame(0x1).mask(0x11223344 + i).payload("m" + i).bytes());
        }
        out.writeBytes(last);
        return out.toByteArray();
    }

    private static void expectEchoes(RawClient client) throws Exception {
        for (int i = 0; i < MESSAGES; i++) {
            byte[] text = ("m" + i).getBytes(StandardCharsets.US_ASCII);
            byte[] expected = new byte[2 + text.length];
            expected[0] = (byte) 0x81;
            expected[1] = (byte) text.length;
            System.arraycopy(text, 0, expected, 2, text.length);
            assertArrayEquals(expected, client.readFrame(), "echo " + i);
        }
    }

    @Test
    void everyMessageSentBeforeTheCloseIsEchoedBeforeItsAnswer() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            client.send(messagesThen(RawFrames.frame(0x8).mask(0x5a5a5a5a)
                    .payload(RawFrames.closePayload(1000, "bye")).bytes()));
            expectEchoes(client);
            assertArrayEquals(new byte[] {(byte) 0x88, 2, 0x03, (byte) 0xE8}, client.readFrame(), "then the answer");
            client.expectEof();
        }
    }

    @Test
    void everyMessageSentBeforeAViolationIsEchoedBeforeThe1002() throws Exception {
        try (RawClient client = RawClient.upgraded(port(), "/echo")) {
            client.send(messagesThen(RawFrames.frame(0x1).rsv(4).mask(0x5a5a5a5a).payload("x").bytes()));
            expectEchoes(client);
            byte[] close = client.readFrame();
            assertEquals((byte) 0x88, close[0]);
            assertEquals(1002, ((close[2] & 0xFF) << 8) | (close[3] & 0xFF), "protocol error");
            client.expectEof();
        }
    }
}
