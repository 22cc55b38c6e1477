package pricefeed.bench.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netty.buffer.ByteBuf;
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
import pricefeed.core.json.ServerMessage;
import pricefeed.core.json.ServerMessageParser;
import pricefeed.core.json.ServerMessages;
import pricefeed.core.json.TickHeader;
import pricefeed.core.market.Tick;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One tick message back from JSON, as the load client reads it: {@link ServerMessageParser} (exact scaled
 * prices) from a direct and a heap buffer, the {@link TickHeader} peek (symbol, seq, ts only), and Jackson's
 * {@code ObjectMapper.readValue} into the equivalent POJO from a byte array as the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TickParseBenchmark {

    private final ServerMessageParser parser = new ServerMessageParser();
    private ByteBuf direct;
    private ByteBuf heap;
    private byte[] bytes;
    private ObjectMapper mapper;

    @Setup
    public void setUp() {
        Tick tick = new Tick("AAPL", 2, 1235, 1763712000124001L, 18912, 18915, 18915, 300, 1523700);
        direct = PooledByteBufAllocator.DEFAULT.directBuffer(ServerMessages.MAX_TICK_JSON_BYTES);
        ServerMessages.tick(tick, direct);
        heap = Unpooled.copiedBuffer(direct);
        bytes = ByteBufUtil.getBytes(direct);
        mapper = JsonMapper.builder().build();
        if (!new ServerMessage.TickMessage(tick).equals(parser.parse(direct))) {
            throw new IllegalStateException("parser does not round-trip");
        }
    }

    @TearDown
    public void tearDown() {
        direct.release();
        heap.release();
    }

    @Benchmark
    public ServerMessage ourParserDirect() {
        return parser.parse(direct);
    }

    @Benchmark
    public ServerMessage ourParserHeap() {
        return parser.parse(heap);
    }

    @Benchmark
    public TickHeader tickHeaderPeek() {
        return TickHeader.peek(direct);
    }

    @Benchmark
    public TickPojo jacksonObjectMapper() throws IOException {
        return mapper.readValue(bytes, TickPojo.class);
    }
}
