package pricefeed.server.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import pricefeed.core.ws.handshake.HostField;
import pricefeed.core.ws.handshake.RequestTarget;
import reactor.netty.NettyPipeline;

import java.util.List;

/**
 * What RFC 9112 asks of a request head that Reactor Netty's HTTP codec lets through, checked just after the
 * codec, before routing. The stream listener's own parser reads heads the same way.
 * <ul>
 *   <li>The version (§2.3): a later HTTP/1 minor version (HTTP/1.2) is served as HTTP/1.1; a major version
 *       other than 1 (HTTP/0.9, HTTP/9.9) is refused with 400. The codec takes any {@code HTTP/d.d}, and
 *       Reactor Netty answered in it: {@code GET / HTTP/9.9} got {@code HTTP/9.9 200 OK}.</li>
 *   <li>{@code Host} (§3.2): an HTTP/1.1 request without one, any request with more than one or with one
 *       that is not {@code host[:port]}, is refused with 400.</li>
 *   <li>The absolute-form target (§3.2.2), which a server must accept, is routed by its origin-form, and
 *       its authority stands for the Host field, as that section asks (the operator routes' checks read it).</li>
 * </ul>
 * A refused head is marked as undecodable rather than answered here: Reactor Netty then answers it as any
 * head the codec could not decode, after the responses before it, so pipelined answers stay in order.
 */
@ChannelHandler.Sharable
final class RequestHeadCheck extends ChannelInboundHandlerAdapter {

    private static final RequestHeadCheck INSTANCE = new RequestHeadCheck();
    private static final String NAME = "pricefeed.requestHeadCheck";
    private static final int MAX_QUOTED_CHARS = 64;
    /** Why the codec's coming 400 is given, for {@link EveryResponse} to say so instead of "malformed". */
    private static final AttributeKey<ApiError> REFUSAL = AttributeKey.valueOf("pricefeed.requestHeadCheck.refusal");

    private RequestHeadCheck() {
    }

    /**
     * Call from {@code doOnChannelInit}, after Reactor Netty has added its HTTP codec.
     *
     * @param channel a new web connection
     */
    static void install(Channel channel) {
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
    }

    /**
     * @param channel a web connection
     * @return why its request head was refused, once (the connection closes after the answer), or null
     */
    static ApiError takeRefusal(Channel channel) {
        return channel.attr(REFUSAL).getAndSet(null);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            String problem = problem(request);
            if (problem != null) {
                ctx.channel().attr(REFUSAL).set(ApiError.badRequest(null, problem));
                request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
            } else {
                if (request.protocolVersion().minorVersion() > 1) {
                    request.setProtocolVersion(HttpVersion.HTTP_1_1);
                }
                String authority = RequestTarget.authority(request.uri());
                if (authority != null) {
                    request.headers().set(HttpHeaderNames.HOST, authority);
                    request.setUri(RequestTarget.originForm(request.uri()));
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** @return why the head is refused, or null */
    private static String problem(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || !"HTTP".equals(version.protocolName())) {
            return "unsupported HTTP version " + version.text() + ", only HTTP/1.1";
        }
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return "more than one Host header";
        }
        if (hosts.isEmpty()) {
            return version.minorVersion() == 0 ? null : "missing Host header";
        }
        String host = hosts.get(0).trim();
        if (!HostField.isValid(host)) {
            return "Host header is not a host[:port]: " + shortened(host);
        }
        String authority = RequestTarget.authority(request.uri());
        return authority == null || HostField.isValid(authority) ? null
                : "request target's authority is not a host[:port]: " + shortened(authority);
    }

    /** A value quoted back is cut short, as the stream listener does, so the reason stays one short line. */
    private static String shortened(String value) {
        return value.length() <= MAX_QUOTED_CHARS ? value : value.substring(0, MAX_QUOTED_CHARS) + "...";
    }
}
