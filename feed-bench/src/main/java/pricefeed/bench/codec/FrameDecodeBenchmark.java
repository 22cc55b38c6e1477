package pricefeed.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import pricefeed.core.ws.Role;
import pricefeed.core.ws.WebSocketLimits;
import pricefeed.core.ws.frame.FrameDecoder;
import pricefeed.core.ws.frame.FrameEncoder;
import pricefeed.core.ws.frame.FrameListener;

/**
 * Decoding one binary frame per operation (so ops/s = frames/s), ours vs Netty's
 * {@code WebSocket13FrameDecoder}. Masked: a server decoding client frames; unmasked: a client
 * decoding server frames. Both decoders get the same input buffer from the same allocator and hand
 * their output to a Blackhole, which then releases it.
 *
 * <p>Our decoder unmasks in place, so the shared input alternates between masked and clear payload
 * bytes from one operation to the next; for a binary frame that is the same work every time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled",
    "-Dio.netty.allocator.useCachedMagazinesForNonEventLoopThreads=true", "-Xms1g", "-Xmx1g"})
public class FrameDecodeBenchmark {

    /** Payload bytes per frame. */
    @Param({"100", "4096", "65536"})
    public int size;

    /** true: client frames into a server decoder; false: server frames into a client decoder. */
    @Param({"true", "false"})
    public boolean masked;

    private EmbeddedChannel channel;
    private ChannelHandlerContext nettyContext;
    private NettyCodecAccess.Decoder netty;
    private final List<Object> nettyOut = new ArrayList<>(4);
    private final ConsumingListener oursOut = new ConsumingListener();
    private FrameDecoder ours;
    private ByteBuf input;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        netty = new NettyCodecAccess.Decoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(masked)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .maxFramePayloadLength(1 << 20)
                .build());
        channel = new EmbeddedChannel(netty);
        nettyContext = channel.pipeline().context(netty);
        ours = newDecoder(oursOut);
        checkOneFramePerCall();
        input = newInput();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.release();
        ours.release();
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public void ours(Blackhole blackhole) {
        oursOut.blackhole = blackhole;
        input.readerIndex(0);
        ours.decode(input);
    }

    @Benchmark
    public void netty(Blackhole blackhole) throws Exception {
        input.readerIndex(0);
        netty.decodeFrame(nettyContext, input, nettyOut);
        for (int i = 0; i < nettyOut.size(); i++) {
            Object frame = nettyOut.get(i);
            blackhole.consume(frame);
            ReferenceCountUtil.release(frame);
        }
        nettyOut.clear();
    }

    private FrameDecoder newDecoder(FrameListener listener) {
        return new FrameDecoder(masked ? Role.SERVER : Role.CLIENT,
                WebSocketLimits.DEFAULTS.withMaxMessageBytes(1 << 20), listener);
    }

    /** One binary frame of {@code size} random bytes, as the peer's encoder writes it. */
    private ByteBuf newInput() {
        ByteBufAllocator alloc = channel.alloc();
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        FrameEncoder sender = new FrameEncoder(masked ? Role.CLIENT : Role.SERVER, new Random(7));
        ByteBuf clear = alloc.buffer(size).writeBytes(payload);
        ByteBuf frame = sender.binary(alloc, clear);
        clear.release();
        return frame;
    }

    /** A mis-set benchmark would measure nothing: make sure each call yields exactly one whole frame. */
    private void checkOneFramePerCall() throws Exception {
        ByteBuf probe = newInput();
        netty.decodeFrame(nettyContext, probe, nettyOut);
        if (nettyOut.size() != 1 || probe.isReadable()) {
            throw new IllegalStateException("Netty did not decode one frame of " + size + " bytes");
        }
        ReferenceCountUtil.release(nettyOut.remove(0));
        probe.readerIndex(0);
        CountingCheck check = new CountingCheck();
        newDecoder(check).decode(probe);
        probe.release();
        if (check.bytes != size) {
            throw new IllegalStateException("ours did not decode one frame of " + size + " payload bytes");
        }
    }

    /** Hands every buffer to the Blackhole and releases it, as a real listener would after use. */
    private static final class ConsumingListener implements FrameListener {
        Blackhole blackhole;

        @Override
        public void onText(ByteBuf utf8) {
            blackhole.consume(utf8);
            utf8.release();
        }

        @Override
        public void onBinary(ByteBuf payload) {
            blackhole.consume(payload);
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
            blackhole.consume(code);
        }
    }

    private static final class CountingCheck implements FrameListener {
        int bytes = -1;

        @Override
        public void onText(ByteBuf utf8) {
            utf8.release();
        }

        @Override
        public void onBinary(ByteBuf payload) {
            bytes = payload.readableBytes();
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
        }
    }
}
