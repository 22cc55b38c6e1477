package pricefeed.server.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pricefeed.server.metrics.FeedMetrics;
import reactor.netty.NettyPipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Which answers a full budget turns into 503s: successes with a body to GET, and nothing else. */
class AnswerRefusalTest {

    private static final int BODY = 100_000;

    private final FeedMetrics metrics = new FeedMetrics();
    private EmbeddedChannel channel;
    private AnswerBudget budget;

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        metrics.close();
    }

    /** A connection with nothing but the watch after a stand-in for the codec. */
    private void connect(long limit) {
        budget = new AnswerBudget(limit);
        AnswerWatch watch = new AnswerWatch(budget, Duration.ofSeconds(10), metrics);
        channel = new EmbeddedChannel();
        channel.pipeline().addLast(NettyPipeline.HttpCodec, new ChannelDuplexHandler());
        watch.install(channel);
    }

    /** @return what goes out for that answer to a request of that method */
    private Object answer(String method, FullHttpResponse answer) {
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), "/x"));
        ReferenceCountUtil.release(channel.readInbound());
        channel.writeOutbound(answer);
        return channel.readOutbound();
    }

    private static FullHttpResponse ok(int bodyBytes) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(new byte[bodyBytes]));
    }

    @Test
    void aGetsSuccessOverTheBudgetIsReplacedBy503AndReleased() {
        connect(BODY);
        FullHttpResponse original = ok(BODY);
        FullHttpResponse out = (FullHttpResponse) answer("GET", original);
        try {
            assertEquals(0, original.refCnt());
            assertEquals(503, out.status().code());
            assertEquals("1", out.headers().get("Retry-After"));
            assertEquals(WebConstants.JSON, out.headers().get("Content-Type"));
            assertEquals(new String(JsonResponses.errorBody(ApiError.answersOverBudget()), StandardCharsets.UTF_8),
                    out.content().toString(StandardCharsets.UTF_8));
            assertEquals(1.0, metrics.registry().get(AnswerWatch.ANSWERS_REFUSED).functionCounter().count());
            assertEquals(0, budget.held(), "written: nothing held");
        } finally {
            out.release();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "PATCH", "DELETE"})
    void anAnswerToAChangeGoesWhateverTheBudget(String method) {
        // The change is made: a 503 would have the client make it again.
        connect(0);
        FullHttpResponse original = ok(BODY);
        Object out = answer(method, original);
        assertSame(original, out);
        original.release();
        assertEquals(0, budget.held());
    }

    @Test
    void errorsAndEmptyAnswersGoWhateverTheBudget() {
        connect(0);
        FullHttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                Unpooled.wrappedBuffer(new byte[200]));
        assertSame(notFound, answer("GET", notFound));
        notFound.release();
        FullHttpResponse notModified = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.NOT_MODIFIED);
        assertSame(notModified, answer("GET", notModified));
        notModified.release();
        assertNull(channel.readOutbound());
    }

    @Test
    void anAnswerToHeadHoldsItsHeadAlone() {
        connect(AnswerWatch.HEAD_BYTES); // no room for a body, room for a head
        FullHttpResponse original = ok(BODY);
        assertSame(original, answer("HEAD", original));
        original.release();
    }
}
