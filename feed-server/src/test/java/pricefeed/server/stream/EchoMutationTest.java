package pricefeed.server.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import pricefeed.core.ws.ProtocolViolation;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.frame.FrameDecoder;
import pricefeed.core.ws.testing.Damage;
import pricefeed.core.ws.testing.RawFrames;
import pricefeed.core.ws.testing.RecordingFrameListener;
import pricefeed.core.ws.testing.RecordingFrameListener.Event;
import pricefeed.core.ws.testing.RecordingFrameListener.Kind;
import pricefeed.server.testing.RawClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pricefeed.core.ws.testing.RawFrames.concat;
import static pricefeed.core.ws.testing.RawFrames.frameTo;

/**
 * Seeded random damage to a client's frames on {@code /echo}, over real sockets. Whatever a connection
 * sends, the server answers as its own decoder judges those bytes: it echoes every message before the first
 * violation, answers every ping, and then closes with the violation's code, answers the client's close, or,
 * when the bytes simply stop, waits until the client ends the connection. Everything it sends is a valid
 * frame stream, it closes TCP after its close frame, and it is left with no connection and no leaked buffer.
 * A failing case names its seed.
 */
class EchoMutationTest extends StreamListenerTestBase {

    private static final int CASES = 1000;
    /** Frames up to 700 bytes and messages up to 1200, so that damaged lengths often cross a limit. */
    private static final WebSocketLimits LIMITS = new WebSocketLimits(700, 1200, 8192,
            WebSocketLimits.DEFAULT_HANDSHAKE_TIMEOUT, Duration.ofMillis(500));
    private static final String ANSWER = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + RawClient.ACCEPT + "\r\n\r\n";

    @Override
    StreamListenerConfig config() {
        return super.config().withEchoLimits(LIMITS);
    }

    /** What the server's decoder makes of the frames: events, and the violation's code (0 if none). */
    private record Judged(List<Event> events, int violation) {
    }

    @Test
    void everyDamagedSessionGetsTheAnswerItsBytesDeserve() throws Exception {
        byte[] frames = validFrames();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        Map<String, Integer> endings = new TreeMap<>();
        try {
            List<Future<String>> cases = new ArrayList<>();
            for (int seed = 0; seed < CASES; seed++) {
                int s = seed;
                cases.add(clients.submit(() -> session(s, Damage.of(frames, new Random(s), r -> r.nextInt(256)))));
            }
            for (Future<String> c : cases) {
                endings.merge(c.get(), 1, Integer::sum);
            }
        } finally {
            clients.shutdownNow();
        }
        // The damage reaches every way a session can end, so the checks are not all on one path.
        assertEquals(List.of("client close", "stopped", "violation 1002", "violation 1007", "violation 1009"),
                List.copyOf(endings.keySet()), endings::toString);
        for (int i = 0; i < CASES; i++) {
            RecordingEvents.next(events.closed);
        }
        assertEquals(0, listener.activeConnections(), "every connection closed on the server too");
    }

    /** @return how the session ended */
    private String session(int seed, byte[] damaged) throws IOException {
        Judged judged = judge(damaged, Role.SERVER);
        List<Event> data = messages(judged.events());
        List<Event> pings = judged.events().stream().filter(e -> e.kind() == Kind.PING).toList();
        Event clientClose = judged.events().stream().filter(e -> e.kind() == Kind.CLOSE).findFirst().orElse(null);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), RawClient.READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(RawClient.READ_TIMEOUT_MILLIS);
            byte[] request = RawClient.upgradeRequest("/echo").getBytes(StandardCharsets.US_ASCII);
            socket.getOutputStream().write(concat(request, damaged));
            InputStream in = socket.getInputStream();
            String answered = new String(in.readNBytes(ANSWER.length()), StandardCharsets.ISO_8859_1);
            assertEquals(ANSWER, answered, "seed " + seed + ": the handshake was not damaged");
            byte[] sent;
            String ending;
            if (judged.violation() == 0 && clientClose == null) {
                // The bytes stop mid-stream: the server waits for more. Read what it owes, then end the connection.
                sent = readFrames(in, data.size() + pings.size(), seed);
                socket.shutdownOutput();
                ending = "stopped";
            } else {
                // A violation or the client's close: the server ends TCP by itself after its close frame.
                ending = judged.violation() != 0 ? "violation " + judged.violation() : "client close";
                sent = new byte[0];
            }
            byte[] rest = in.readAllBytes(); // to the server's end of TCP
            Judged answer = judge(concat(sent, rest), Role.CLIENT);
            assertEquals(0, answer.violation(), "seed " + seed + ": the server sent a valid frame stream");
            List<Event> got = answer.events();
            assertEquals(data, messages(got), "seed " + seed + ": every message before the end echoed, in order");
            assertEquals(payloads(pings), payloads(got.stream().filter(e -> e.kind() == Kind.PONG).toList()),
                    "seed " + seed + ": every ping answered with its payload");
            List<Event> closes = got.stream().filter(e -> e.kind() == Kind.CLOSE).toList();
            if (ending.equals("stopped")) {
                assertEquals(List.of(), closes, "seed " + seed + ": a connection that just ends gets no close frame");
            } else {
                int expected = judged.violation() != 0 ? judged.violation() : answerTo(clientClose.code());
                assertEquals(List.of(expected), closes.stream().map(Event::code).toList(), "seed " + seed);
                assertEquals(Kind.CLOSE, got.get(got.size() - 1).kind(), "seed " + seed + ": nothing after the close");
            }
            return ending;
        }
    }

    private static List<Event> messages(List<Event> events) {
        return events.stream().filter(e -> e.kind() == Kind.TEXT || e.kind() == Kind.BINARY).toList();
    }

    private static List<String> payloads(List<Event> events) {
        return events.stream().map(e -> HexFormat.of().formatHex(e.payload())).toList();
    }

    /** The code our close answers a client's close with. */
    private static int answerTo(int clientCode) {
        return clientCode == 1005 ? 1000 : clientCode;
    }

    /** @return the next {@code n} whole frames' bytes */
    private static byte[] readFrames(InputStream in, int n, int seed) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            byte[] head = in.readNBytes(2);
            assertEquals(2, head.length, "seed " + seed + ": EOF before frame " + i + " of " + n);
            long length = head[1] & 0x7F;
            byte[] extended = in.readNBytes(length == 126 ? 2 : length == 127 ? 8 : 0);
            for (byte b : extended) {
                length = (length == 126 || length == 127 ? 0 : length) << 8 | (b & 0xFF);
            }
            out.writeBytes(head);
            out.writeBytes(extended);
            out.writeBytes(in.readNBytes((int) length));
        }
        return out.toByteArray();
    }

    private static Judged judge(byte[] bytes, Role receiver) {
        RecordingFrameListener listener = new RecordingFrameListener();
        FrameDecoder decoder = new FrameDecoder(receiver, LIMITS, listener);
        ByteBuf in = Unpooled.wrappedBuffer(bytes.clone());
        int violation = 0;
        try {
            decoder.decode(in);
        } catch (ProtocolViolation v) {
            violation = v.closeCode().code();
        } finally {
            decoder.release();
            in.release();
        }
        return new Judged(listener.takeAll(), violation);
    }

    /** Messages, fragments with control frames between, and a close with an application's code. */
    private static byte[] validFrames() {
        Random keys = new Random(6455);
        byte[] binary = new byte[200];
        keys.nextBytes(binary);
        return concat(
                frameTo(Role.SERVER, keys, 0x1).payload("Hello, κόσμε").bytes(),
                frameTo(Role.SERVER, keys, 0x9).payload("ping!").bytes(),
                frameTo(Role.SERVER, keys, 0x2).payload(binary).bytes(),
                frameTo(Role.SERVER, keys, 0x1).fin(false).payloadHex("ce ba").bytes(),
                frameTo(Role.SERVER, keys, 0x9).payload("in between").bytes(),
                frameTo(Role.SERVER, keys, 0x0).payloadHex("e1 bd b9 cf 83 ce bc ce b5").bytes(),
                frameTo(Role.SERVER, keys, 0xA).payload("unsolicited").bytes(),
                frameTo(Role.SERVER, keys, 0x1).payload("{\"type\":\"ping\"}").bytes(),
                frameTo(Role.SERVER, keys, 0x8).payload(RawFrames.closePayload(4000, "bye")).bytes());
    }
}
