package pricefeed.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
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
import pricefeed.core.ws.frame.FrameEncoder;

/**
 * Encoding one binary frame per operation (ops/s = frames/s), ours vs Netty's
 * {@code WebSocket13FrameEncoder}. Masked: a client (fresh key per frame from a {@link Random}, the same
 * source for both); unmasked: a server. Both encoders read the same payload from the same allocator;
 * their output goes to a Blackhole and is released.
 *
 * <p>Our {@code encode} always returns the whole frame in one buffer. Netty returns a header buffer
 * plus the payload itself (retained, not copied) for unmasked payloads over 1 KiB; that copy-free path
 * is what {@link FrameHeaderBenchmark} measures for us.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled",
    "-Dio.netty.allocator.useCachedMagazinesForNonEventLoopThreads=true", "-Xms1g", "-Xmx1g"})
public class FrameEncodeBenchmark {

    /** Payload bytes per frame. */
    @Param({"100", "4096", "65536"})
    public int size;

    /** true: client frames (masked); false: server frames. */
    @Param({"true", "false"})
    public boolean masked;

    private EmbeddedChannel channel;
    private ChannelHandlerContext nettyContext;
    private NettyCodecAccess.Encoder netty;
    private final List<Object> nettyOut = new ArrayList<>(4);
    private BinaryWebSocketFrame nettyFrame;
    private FrameEncoder ours;
    private ByteBufAllocator alloc;
    private ByteBuf payload;

    @Setup(Level.Trial)
    public void setUp() {
        Random nettyKeys = new Random(11);
        netty = masked ? new NettyCodecAccess.Encoder(nettyKeys::nextInt) : new NettyCodecAccess.Encoder();
        channel = new EmbeddedChannel(netty);
        nettyContext = channel.pipeline().context(netty);
        alloc = channel.alloc();
        ours = new FrameEncoder(masked ? Role.CLIENT : Role.SERVER, new Random(11));

        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        payload = alloc.buffer(size).writeBytes(bytes);
        nettyFrame = new BinaryWebSocketFrame(payload);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        nettyFrame.release();
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public void ours(Blackhole blackhole) {
        ByteBuf frame = ours.binary(alloc, payload);
        blackhole.consume(frame);
        frame.release();
    }

    @Benchmark
    public void netty(Blackhole blackhole) throws Exception {
        // Netty copies small payloads with writeBytes(data), which moves the reader index.
        payload.readerIndex(0);
        netty.encodeFrame(nettyContext, nettyFrame, nettyOut);
        for (int i = 0; i < nettyOut.size(); i++) {
            Object part = nettyOut.get(i);
            blackhole.consume(part);
            ReferenceCountUtil.release(part);
        }
        nettyOut.clear();
    }
}
