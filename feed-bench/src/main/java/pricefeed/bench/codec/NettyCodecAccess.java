package pricefeed.bench.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameMaskGenerator;
import java.util.List;

/**
 * Opens Netty's protected {@code decode}/{@code encode} methods so the benchmark calls Netty's codec
 * exactly as it calls ours: one direct method call per frame, no pipeline, no cumulation.
 */
final class NettyCodecAccess {

    private NettyCodecAccess() {
    }

    /** Netty's RFC 6455 decoder, callable directly. */
    static final class Decoder extends WebSocket13FrameDecoder {

        Decoder(WebSocketDecoderConfig config) {
            super(config);
        }

        void decodeFrame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            decode(ctx, in, out);
        }
    }

    /** Netty's RFC 6455 encoder, callable directly. */
    static final class Encoder extends WebSocket13FrameEncoder {

        Encoder(WebSocketFrameMaskGenerator maskGenerator) {
            super(maskGenerator);
        }

        Encoder() {
            super(false);
        }

        void encodeFrame(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) throws Exception {
            encode(ctx, frame, out);
        }
    }
}
