package pricefeed.server.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A last answer written below Reactor Netty's HTTP codec (a 408 for a head that took too long, a 503 for a
 * connection over the limit), then the end of the connection. The answers are made without a {@code date},
 * so a connection limit can make its 503 once; {@link #sendAndClose} dates each when it is sent.
 *
 * <p>Why not write and close: bytes the client has sent and we have not read would turn the close into a
 * reset, and a reset can destroy the answer before the client reads it. So output is shut after the answer,
 * everything still arriving is read and discarded, and the connection closes when the client closes it or
 * after {@link WebConstants#RAW_ANSWER_CLOSE_GRACE}, whichever comes first.
 */
final class RawAnswer {

    private static final String DISCARD = "pricefeed.rawAnswer.discard";

    private RawAnswer() {
    }

    /**
     * @param error the refusal
     * @return its whole JSON answer, with the headers every JSON response has, closing the connection
     */
    static byte[] error(ApiError error) {
        StringBuilder headers = new StringBuilder()
                .append("content-type: ").append(WebConstants.JSON).append("\r\n")
                .append("cache-control: ").append(WebConstants.CACHE_NONE).append("\r\n")
                .append(WebConstants.NOSNIFF_HEADER.toLowerCase(Locale.ROOT)).append(": ").append(WebConstants.NOSNIFF)
                .append("\r\n");
        error.headers().forEach((name, value) -> headers.append(name).append(": ").append(value).append("\r\n"));
        byte[] body = JsonResponses.errorBody(error);
        byte[] head = ("HTTP/1.1 " + error.code().status() + "\r\n" + headers + "connection: close\r\ncontent-length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /**
     * @param answer a whole response from {@link #error}
     * @return the same response for a {@code HEAD} request: its status line and headers, which keep the
     *         {@code content-length} a GET would get, and no body (RFC 9110 §9.3.2)
     */
    static byte[] forHead(byte[] answer) {
        for (int i = 3; i < answer.length; i++) {
            if (answer[i - 3] == '\r' && answer[i - 2] == '\n' && answer[i - 1] == '\r' && answer[i] == '\n') {
                return Arrays.copyOf(answer, i + 1);
            }
        }
        throw new IllegalArgumentException("not a whole HTTP response");
    }

    /**
     * Sends the answer from {@code ctx} (a handler below the HTTP codec) and ends the connection. Nothing
     * read from here on reaches the handlers behind the first one. Event loop only.
     *
     * @param ctx    a handler's context on the connection
     * @param answer a whole HTTP response with {@code connection: close}; it is sent with a {@code date}
     *               header for now, so the same bytes may be kept and sent again
     */
    static void sendAndClose(ChannelHandlerContext ctx, byte[] answer) {
        if (ctx.pipeline().get(DISCARD) == null) {
            ctx.pipeline().addFirst(DISCARD, new Discard());
        }
        ctx.channel().config().setAutoRead(true); // Reactor Netty reads on demand; we must drain on our own
        byte[] dated = withDate(answer, EveryResponse.dateOn(ctx.channel()));
        ctx.writeAndFlush(Unpooled.wrappedBuffer(dated)).addListener((ChannelFuture written) -> {
            if (written.isSuccess() && written.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                written.channel().close();
            }
        });
        var closing = ctx.executor().schedule((Runnable) ctx::close,
                WebConstants.RAW_ANSWER_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(closed -> closing.cancel(false));
    }

    /** @return the answer with {@code date: DATE} as its first header */
    private static byte[] withDate(byte[] answer, String date) {
        int statusLineEnd = 0;
        while (answer[statusLineEnd] != '\n') {
            statusLineEnd++;
        }
        byte[] header = ("date: " + date + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] dated = new byte[answer.length + header.length];
        System.arraycopy(answer, 0, dated, 0, statusLineEnd + 1);
        System.arraycopy(header, 0, dated, statusLineEnd + 1, header.length);
        System.arraycopy(answer, statusLineEnd + 1, dated, statusLineEnd + 1 + header.length,
                answer.length - statusLineEnd - 1);
        return dated;
    }

    /** First in the pipeline once the answer is on its way: reads are released, nothing goes further. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // Nothing was passed on, so there is nothing for the handlers behind to complete.
        }
    }
}
