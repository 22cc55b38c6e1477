package pricefeed.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pricefeed.core.json.ClientMessageParser;
import pricefeed.core.json.JsonId;
import pricefeed.core.json.ServerMessage;
import pricefeed.core.json.ServerMessageParser;
import pricefeed.core.market.SymbolSpec;
import pricefeed.core.ws.CloseCode;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.frame.FrameDecoder;
import pricefeed.core.ws.frame.FrameEncoder;
import pricefeed.core.ws.frame.FrameListener;
import pricefeed.core.ws.handshake.ClientHandshake;
import pricefeed.core.ws.handshake.HttpHead;
import pricefeed.core.ws.handshake.HttpHeadParser;
import pricefeed.server.metrics.FeedMetrics;
import pricefeed.server.metrics.StreamMetrics;
import pricefeed.server.session.SessionSettings;
import pricefeed.server.session.StreamRoute;
import pricefeed.server.stream.StreamListener;
import pricefeed.server.stream.StreamListenerConfig;
import pricefeed.server.subscription.FanoutThreads;
import pricefeed.server.subscription.ServerFrames;
import pricefeed.server.subscription.SimulatorBridge;
import pricefeed.server.subscription.TickFanout;
import pricefeed.simulator.MarketSimulator;
import pricefeed.simulator.SimulatorConfig;
import reactor.core.Disposable;

/**
 * Runs one scripted client through a private copy of the stream service at start-up, before the
 * listening lines are printed.
 *
 * <p>Why: on a cold JVM the first stream connection costs some 60 ms of class loading and lambda
 * linkage, and the first client message about 10 ms more. Without this the first real clients pay
 * it, and a tick of a symbol they already hold can overtake the reply to their first subscribe.
 *
 * <p>Everything here is private: its own simulator, fan-out, metrics and loopback port, with default
 * settings. So no counter, subscription or limit of the real service sees it. It gives up quietly at
 * its deadline: a slow first client is a nuisance, not a reason to refuse to start.
 */
final class StreamWarmup {

    private static final Logger log = LoggerFactory.getLogger(StreamWarmup.class);
    private static final Duration DEADLINE = Duration.ofSeconds(3);
    private static final int SYMBOLS = 2;
    private static final double TICK_RATE = 2_000;
    private static final int HISTORY = 16;
    /** The id of the last request; its pong ends the script. */
    private static final int LAST_ID = 7;
    /** Most bytes taken from the socket per read. */
    private static final int READ_CHUNK = 8192;

    /**
     * What the scripted client saw.
     *
     * @param types     the {@code type} of every server message, in order of arrival
     * @param closeCode the code of the server's close frame, or 0 when none arrived
     */
    record Report(List<String> types, int closeCode) {
    }

    private StreamWarmup() {
    }

    /**
     * Warms up, logging how long it took or why it stopped early; never throws.
     */
    static void runQuietly() {
        long start = System.nanoTime();
        try {
            Report report = run(DEADLINE);
            log.debug("stream warm-up took {} ms: {} messages, close {}",
                    (System.nanoTime() - start) / 1_000_000, report.types().size(), report.closeCode());
        } catch (IOException | RuntimeException e) {
            log.debug("stream warm-up stopped after {} ms: {}", (System.nanoTime() - start) / 1_000_000, e.toString());
        }
    }

    /**
     * Starts the private service, runs the script against it and stops it again.
     *
     * @param deadline how long the script may take
     * @return what the client saw
     * @throws IOException when the socket fails or the deadline passes
     */
    static Report run(Duration deadline) throws IOException {
        MarketSimulator simulator = new MarketSimulator(SimulatorConfig.defaults()
                .withSymbols(SYMBOLS).withTickRate(TICK_RATE).withSeed(1), FanoutThreads.factory());
        FeedMetrics metrics = new FeedMetrics();
        TickFanout fanout = new TickFanout(new ServerFrames(PooledByteBufAllocator.DEFAULT),
                HISTORY, simulator.epoch(), System::nanoTime);
        Disposable bridge = SimulatorBridge.connect(simulator, fanout);
        StreamListener listener = null;
        try {
            StreamRoute route = new StreamRoute(fanout, new ClientMessageParser(), metrics, SessionSettings.DEFAULTS);
            StreamListenerConfig config = StreamListenerConfig.DEFAULTS
                    .withAddress(InetAddress.getLoopbackAddress().getHostAddress(), 0).withIoThreads(1);
            listener = StreamListener.bind(config, Map.of("/stream", route), new StreamMetrics(metrics))
                    .block(deadline);
            simulator.start();
            List<String> symbols = simulator.symbols().stream().map(SymbolSpec::symbol).toList();
            return new Script(listener.port(), symbols, simulator.epoch(), System.nanoTime() + deadline.toNanos()).run();
        } finally {
            // Each step on its own: one that fails must not leave the private simulator ticking behind it.
            StreamListener bound = listener;
            quietly(() -> {
                if (bound != null) {
                    bound.shutdown(Duration.ZERO).block(deadline);
                }
            });
            quietly(bridge::dispose);
            quietly(simulator::close);
            quietly(fanout::close);
            quietly(metrics::close);
        }
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.debug("stream warm-up clean-up: {}", e.toString());
        }
    }

    /** One connection: handshake, every kind of request once, then a clean close. */
    private static final class Script implements FrameListener {

        private final int port;
        private final List<String> symbols;
        private final String epoch;
        private final long deadlineNanos;
        private final FrameEncoder encoder = new FrameEncoder(Role.CLIENT, new Random());
        private final FrameDecoder decoder = new FrameDecoder(Role.CLIENT, WebSocketLimits.DEFAULTS, this);
        private final ServerMessageParser parser = new ServerMessageParser();
        private final List<String> types = new ArrayList<>();
        private boolean lastPong;
        private boolean tick;
        private int closeCode;

        Script(int port, List<String> symbols, String epoch, long deadlineNanos) {
            this.port = port;
            this.symbols = symbols;
            this.epoch = epoch;
            this.deadlineNanos = deadlineNanos;
        }

        Report run() throws IOException {
            String first = symbols.get(0);
            String second = symbols.get(1);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setTcpNoDelay(true);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                ClientHandshake handshake = ClientHandshake.create(
                        URI.create("ws://127.0.0.1:" + port + "/stream?symbols=" + first), List.of());
                out.write(handshake.request());
                ByteBuf received = Unpooled.buffer();
                try {
                    HttpHead response = readHead(socket, in, received);
                    String problem = handshake.validate(response);
                    if (problem != null) {
                        throw new IOException("handshake: " + problem);
                    }
                    send(out, "{\"op\":\"subscribe\",\"symbols\":[\"" + second + "\"],\"throttleMs\":0,\"id\":1}");
                    send(out, "{\"op\":\"unsubscribe\",\"symbols\":[\"" + first + "\"],\"id\":2}");
                    send(out, "{\"op\":\"subscribe\",\"symbols\":[\"" + first + "\"],\"from\":{\"" + first
                            + "\":1},\"epoch\":\"" + epoch + "\",\"id\":3}");
                    send(out, "{\"op\":\"symbols\",\"id\":4}");
                    send(out, "{\"op\":\"warm\",\"id\":5}");
                    send(out, "not json");
                    send(out, "{\"op\":\"subscribe\",\"symbols\":[\"NO.SUCH\"],\"id\":6}");
                    send(out, "{\"op\":\"ping\",\"id\":" + LAST_ID + "}");
                    readUntil(socket, in, received, () -> lastPong && tick);
                    out.write(bytes(encoder.close(UnpooledByteBufAllocator.DEFAULT, CloseCode.NORMAL, "")));
                    readUntil(socket, in, received, () -> closeCode != 0);
                } finally {
                    received.release();
                    decoder.release();
                }
            }
            return new Report(List.copyOf(types), closeCode);
        }

        private HttpHead readHead(Socket socket, InputStream in, ByteBuf received) throws IOException {
            HttpHeadParser heads = new HttpHeadParser(WebSocketLimits.DEFAULT_HEAD_BYTES);
            HttpHead head;
            while ((head = heads.parseResponse(received)) == null) {
                readSome(socket, in, received);
            }
            decoder.decode(received);
            return head;
        }

        private void readUntil(Socket socket, InputStream in, ByteBuf received, BooleanSupplier done)
                throws IOException {
            while (!done.getAsBoolean()) {
                readSome(socket, in, received);
                decoder.decode(received);
                received.discardReadBytes();
            }
        }

        private void readSome(Socket socket, InputStream in, ByteBuf received) throws IOException {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new IOException("deadline passed");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            if (received.writeBytes(in, READ_CHUNK) < 0) {
                throw new IOException("connection closed early");
            }
        }

        private void send(OutputStream out, String json) throws IOException {
            out.write(bytes(encoder.text(UnpooledByteBufAllocator.DEFAULT, json)));
        }

        private static byte[] bytes(ByteBuf frame) {
            try {
                return ByteBufUtil.getBytes(frame);
            } finally {
                frame.release();
            }
        }

        @Override
        public void onText(ByteBuf utf8) {
            try {
                ServerMessage message = parser.parse(utf8);
                types.add(message.getClass().getSimpleName());
                if (message instanceof ServerMessage.TickMessage) {
                    tick = true;
                } else if (message instanceof ServerMessage.Pong pong && JsonId.of(LAST_ID).equals(pong.id())) {
                    lastPong = true;
                }
            } finally {
                utf8.release();
            }
        }

        @Override
        public void onBinary(ByteBuf payload) {
            payload.release();
        }

        @Override
        public void onPing(ByteBuf payload) {
            payload.release();
        }

        @Override
        public void onPong(ByteBuf payload) {
            payload.release();
        }

        @Override
        public void onClose(int code, String reason) {
            closeCode = code;
        }
    }
}
