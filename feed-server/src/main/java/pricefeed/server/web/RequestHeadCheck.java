package pricefeed.server.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import pricefeed.core.ws.handshake.HostField;
import pricefeed.core.ws.handshake.RequestTarget;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerRequest;

import java.util.HexFormat;
import java.util.List;

/**
 * What RFC 9112 asks of a request head that Reactor Netty's HTTP codec lets through, checked just after the
 * codec, before routing. The stream listener's own parser reads heads the same way.
 * <ul>
 *   <li>The version (§2.3): a later HTTP/1 minor version (HTTP/1.2) is served as HTTP/1.1; a major version
 *       other than 1 (HTTP/0.9, HTTP/9.9) is refused with 400. The codec takes any {@code HTTP/d.d}, and
 *       Reactor Netty answered in it: {@code GET / HTTP/9.9} got {@code HTTP/9.9 200 OK}.</li>
 *   <li>The request target (§3.2): a byte outside visible ASCII (a control character, a space, a raw
 *       non-ASCII byte), a fragment or a broken percent-encoding ({@link RequestTarget#malformation}) is
 *       refused with 400, as the stream listener refuses it; the codec routed them.</li>
 *   <li>{@code Host} (§3.2): an HTTP/1.1 request without one, any request with more than one or with one
 *       that is not {@code host[:port]}, is refused with 400.</li>
 *   <li>The absolute-form target (§3.2.2), which a server must accept, is routed by its origin-form, and
 *       its authority stands for the Host field, as that section asks (the operator routes' checks read it).</li>
 * </ul>
 * A refused head goes on as an HTTP/1.1 request that carries its reason in {@link #REFUSED}, and the
 * {@link Router} answers it before routing, with {@code connection: close}; so does a head the codec could not
 * decode (400, or 414 and 431 for its size limits). So it is answered in its turn
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
    private static final HexFormat HEX = HexFormat.of().withUpperCase();
    // REFUSED holds "NNN reason": the status, then what the JSON error says.
    private static final int STATUS_PREFIX = 4;
    private static final String BAD_REQUEST = "400 ";
    private static final String URI_TOO_LONG_STATUS = "414 ";
    private static final String HEADERS_TOO_LARGE_STATUS = "431 ";
    private static final String URI_TOO_LONG =
            URI_TOO_LONG_STATUS + "request line longer than " + WebConstants.MAX_REQUEST_LINE_BYTES + " bytes";
    private static final String HEADERS_TOO_LARGE =
            HEADERS_TOO_LARGE_STATUS + "header fields larger than " + WebConstants.MAX_HEADER_BYTES + " bytes";

    /** Whether the head being read began with {@code HEAD }: a head the codec cannot decode loses its method. */
    private static final AttributeKey<Boolean> HEAD_METHOD = AttributeKey.valueOf("pricefeed.headMethod");

    private RequestHeadCheck() {
    }

    /**
     * Told by the handler in front of the codec when a request head begins, so that a head the codec cannot
     * decode (its request line too long, say) is still answered as its method asks: to {@code HEAD}, without
     * a body (RFC 9110 §9.3.2).
     *
     * @param channel a web connection
     * @param bytes   bytes that begin a request head, empty lines before it allowed
     */
    static void headBegins(Channel channel, ByteBuf bytes) {
        boolean head = OverLimitConnection.isHead(bytes);
        if (head || channel.hasAttr(HEAD_METHOD)) {
            channel.attr(HEAD_METHOD).set(head);
        }
    }

    /**
     * @param channel a web connection
     * @return whether the latest request head begun on it began with {@code HEAD }, decoded or not
     */
    static boolean beganWithHead(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(HEAD_METHOD).get());
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
    static ApiError refusal(HttpServerRequest request) {
        String refused = request.requestHeaders().get(REFUSED);
        if (refused == null) {
            return null;
        }
        String reason = refused.substring(STATUS_PREFIX);
        return switch (refused.substring(0, STATUS_PREFIX)) {
            case URI_TOO_LONG_STATUS -> ApiError.of(ApiError.Code.URI_TOO_LONG, null, reason);
            case HEADERS_TOO_LARGE_STATUS -> ApiError.of(ApiError.Code.HEADERS_TOO_LARGE, null, reason);
            default -> ApiError.badRequest(null, reason);
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            request.headers().remove(REFUSED); // only this handler may say so
            if (request.decoderResult().isFailure()) {
                undecodable(ctx.channel(), request);
            } else {
                check(request);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * A head the codec could not decode is refused the same way, in its turn: left to Reactor Netty, its
     * answer was lost about 1 time in 10 when it came right after a kept-alive answer, and the connection then
     * stayed open past the idle timeout. A head cut short by the client's close has nobody to answer.
     */
    private static void undecodable(Channel channel, HttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        if (cause instanceof PrematureChannelClosureException) {
            return;
        }
        String refusal = cause instanceof TooLongHttpLineException ? URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HEADERS_TOO_LARGE
                : BAD_REQUEST + "malformed request head";
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        request.setDecoderResult(DecoderResult.SUCCESS);
        if (beganWithHead(channel)) {
            request.setMethod(HttpMethod.HEAD);
        }
        refuse(request, refusal);
    }

    /**
     * Marks the head refused, and takes its {@code Host} fields away: Reactor Netty reads the port of the Host
     * field before routing, and answers one it cannot read ({@code localhost:80:90}, {@code [::1}) with its own
     * 400 that names nothing. The refusal is answered without them.
     */
    private static void refuse(HttpRequest request, String refusal) {
        request.headers().remove(HttpHeaderNames.HOST).set(REFUSED, refusal);
    }

    private static void check(HttpRequest request) {
        String authority = RequestTarget.authority(request.uri());
        String problem = problem(request, authority);
        if (request.protocolVersion().majorVersion() != 1 || request.protocolVersion().minorVersion() > 1) {
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        if (problem != null) {
            refuse(request, BAD_REQUEST + problem);
            return;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
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

    /**
     * @param authority the target's authority if it is in absolute-form, else null
     * @return why the head is refused, or null
     */
    private static String problem(HttpRequest request, String authority) {
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || !"HTTP".equals(version.protocolName())) {
            return "unsupported HTTP version " + quoted(version.text()) + ", only HTTP/1.1";
        }
        String target = request.uri();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                // A URI is visible ASCII (RFC 3986 §2, RFC 9112 §3.2); the codec reads other bytes as Latin-1.
                return "byte 0x" + HEX.toHexDigits((byte) c) + " in the request target; only visible ASCII, "
                        + "percent-encode the rest";
            }
        }
        String malformation = RequestTarget.malformation(target);
        if (malformation != null) {
            return malformation;
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
        return authority == null || HostField.isValid(authority) ? null
                : "request target's authority is not a host[:port]: " + quoted(authority);
    }

    /**
     * A value quoted back is cut short, as the stream listener does, so the reason stays one short line; a
     * byte outside printable ASCII is written %XX (the codec reads header bytes as ISO-8859-1 characters).
     */
    static String quoted(String value) {
        String cut = value.length() <= MAX_QUOTED_CHARS ? value : value.substring(0, MAX_QUOTED_CHARS) + "...";
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append('%').append(HEX.toHexDigits((byte) c));
            }
        }
        return out.toString();
    }
}
