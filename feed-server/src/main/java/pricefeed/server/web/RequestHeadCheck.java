package pricefeed.server.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import pricefeed.core.ws.handshake.HostField;
import pricefeed.core.ws.handshake.RequestTarget;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerRequest;

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
 * A refused head goes on as an HTTP/1.1 request that carries its reason in {@link #REFUSED}, and the
 * {@link Router} answers it before routing, with {@code connection: close}. So it is answered in its turn
 * among pipelined requests, and with its own reason: marking it undecodable instead left the answer to a
 * Reactor Netty path that, on a keep-alive connection, could answer with another request's reason or not
 * at all.
 */
@ChannelHandler.Sharable
final class RequestHeadCheck extends ChannelInboundHandlerAdapter {

    /** The request header that carries a refused head's reason from here to the router. */
    static final String REFUSED = "x-pricefeed-refused-head";

    private static final RequestHeadCheck INSTANCE = new RequestHeadCheck();
    private static final String NAME = "pricefeed.requestHeadCheck";
    private static final int MAX_QUOTED_CHARS = 64;

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
     * @param request a request as routed
     * @return why its head is refused, or null
     */
    static String refusal(HttpServerRequest request) {
        return request.requestHeaders().get(REFUSED);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            request.headers().remove(REFUSED); // only this handler may say so
            String problem = problem(request);
            if (request.protocolVersion().majorVersion() != 1 || request.protocolVersion().minorVersion() > 1) {
                request.setProtocolVersion(HttpVersion.HTTP_1_1);
            }
            if (problem != null) {
                request.headers().set(REFUSED, problem);
            } else {
                String host = request.headers().get(HttpHeaderNames.HOST);
                String authority = RequestTarget.authority(request.uri());
                if (authority != null) {
                    host = authority;
                    request.setUri(RequestTarget.originForm(request.uri()));
                }
                if (host != null) {
                    // "h:" is valid with its port left out (RFC 3986 §3.2.3), but Reactor Netty refuses it.
                    String trimmed = host.trim();
                    request.headers().set(HttpHeaderNames.HOST,
                            trimmed.endsWith(":") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
                }
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** @return why the head is refused, or null */
    private static String problem(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || !"HTTP".equals(version.protocolName())) {
            return "unsupported HTTP version " + quoted(version.text()) + ", only HTTP/1.1";
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
            return "Host header is not a host[:port]: " + quoted(host);
        }
        String authority = RequestTarget.authority(request.uri());
        return authority == null || HostField.isValid(authority) ? null
                : "request target's authority is not a host[:port]: " + quoted(authority);
    }

    /**
     * A value quoted back is cut short, as the stream listener does, so the reason stays one short line; a
     * byte outside printable ASCII is written %XX (the codec reads header bytes as ISO-8859-1 characters).
     */
    private static String quoted(String value) {
        String cut = value.length() <= MAX_QUOTED_CHARS ? value : value.substring(0, MAX_QUOTED_CHARS) + "...";
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4 & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
