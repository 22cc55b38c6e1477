package pricefeed.bench.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.market.Tick;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One tick message to JSON bytes: our hand-written encoder ({@link ServerMessages#tick}) into a pooled direct
 * buffer (what the server does) and a heap buffer, against Jackson's streaming generator and Jackson's
 * {@code ObjectMapper.writeValueAsBytes} of an equivalent POJO. All four produce identical bytes (checked in
 * setup).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TickEncodeBenchmark {

    private Tick tick;
    private ByteBuf direct;
    private ByteBuf heap;
    private ObjectMapper mapper;

    @Setup
    public void setUp() throws IOException {
        tick = new Tick("AAPL", 2, 1235, 1763712000124001L, 18912, 18915, 18915, 300, 1523700);
        direct = PooledByteBufAllocator.DEFAULT.directBuffer(ServerMessages.MAX_TICK_JSON_BYTES);
        heap = Unpooled.buffer(ServerMessages.MAX_TICK_JSON_BYTES);
        mapper = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

        byte[] expected = ByteBufUtil.getBytes(ourEncoderDirect());
        check(expected, ByteBufUtil.getBytes(ourEncoderHeap()), "heap");
        check(expected, ByteBufUtil.getBytes(jacksonStreamingGenerator()), "streaming generator");
        check(expected, jacksonObjectMapper(), "ObjectMapper");
    }

    private static void check(byte[] expected, byte[] actual, String what) {
        if (!Arrays.equals(expected, actual)) {
            throw new IllegalStateException(what + " wrote different bytes: " + new String(actual));
        }
    }

    @TearDown
    public void tearDown() {
        direct.release();
        heap.release();
    }

    /** What the server does once per tick: hand-written bytes into a pooled direct buffer. */
    @Benchmark
    public ByteBuf ourEncoderDirect() {
        direct.clear();
        ServerMessages.tick(tick, direct);
        return direct;
    }

    /** The same into a heap buffer (written straight into its backing array). */
    @Benchmark
    public ByteBuf ourEncoderHeap() {
        heap.clear();
        ServerMessages.tick(tick, heap);
        return heap;
    }

    /** Jackson's streaming generator writing the same fields into the same direct buffer. */
    @Benchmark
    public ByteBuf jacksonStreamingGenerator() throws IOException {
        direct.clear();
        int d = tick.decimals();
        try (JsonGenerator g = mapper.getFactory().createGenerator((OutputStream) new ByteBufOutputStream(direct))) {
            g.writeStartObject();
            g.writeStringField("type", "tick");
            g.writeStringField("symbol", tick.symbol());
            g.writeNumberField("seq", tick.seq());
            g.writeNumberField("ts", tick.tsMicros());
            g.writeNumberField("bid", BigDecimal.valueOf(tick.bid(), d));
            g.writeNumberField("ask", BigDecimal.valueOf(tick.ask(), d));
            g.writeNumberField("last", BigDecimal.valueOf(tick.last(), d));
            g.writeNumberField("size", tick.size());
            g.writeNumberField("volume", tick.volume());
            g.writeEndObject();
        }
        return direct;
    }

    /** The baseline: data binding of an equivalent POJO, as a straightforward implementation would do. */
    @Benchmark
    public byte[] jacksonObjectMapper() throws IOException {
        return mapper.writeValueAsBytes(TickPojo.of(tick));
    }
}
