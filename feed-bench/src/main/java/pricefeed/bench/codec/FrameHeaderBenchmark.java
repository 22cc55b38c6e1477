package pricefeed.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
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
import pricefeed.core.ws.WebSocketProtocol;
import pricefeed.core.ws.frame.FrameEncoder;

/**
 * Our copy-free server path: {@link FrameEncoder#writeHeader} into a small buffer, the payload passed
 * on by reference (retained), as a gathering write would send them. The counterpart of what Netty's
 * encoder does for unmasked payloads over 1 KiB; compare with {@code FrameEncodeBenchmark.netty} at
 * {@code masked=false}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled",
    "-Dio.netty.allocator.useCachedMagazinesForNonEventLoopThreads=true", "-Xms1g", "-Xmx1g"})
public class FrameHeaderBenchmark {

    /** Payload bytes per frame. */
    @Param({"100", "4096", "65536"})
    public int size;

    private EmbeddedChannel channel;
    private ByteBufAllocator alloc;
    private ByteBuf payload;

    @Setup(Level.Trial)
    public void setUp() {
        channel = new EmbeddedChannel();
        alloc = channel.alloc();
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        payload = alloc.buffer(size).writeBytes(bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        payload.release();
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public void oursHeaderPlusPayload(Blackhole blackhole) {
        ByteBuf header = alloc.buffer(FrameEncoder.headerLength(size, false));
        FrameEncoder.writeHeader(header, WebSocketProtocol.OPCODE_BINARY, true, size);
        ByteBuf body = payload.retain();
        blackhole.consume(header);
        blackhole.consume(body);
        header.release();
        body.release();
    }
}
