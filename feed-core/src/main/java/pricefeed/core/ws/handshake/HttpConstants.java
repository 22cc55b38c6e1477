package pricefeed.core.ws.handshake;

/** The HTTP/1.1 names and tokens the WebSocket handshake uses, in one place. */
public final class HttpConstants {

    private HttpConstants() {
    }

    /** The only HTTP version we speak on the stream listener. */
    public static final String HTTP_1_1 = "HTTP/1.1";
    /** Read in a request only to be refused: a WebSocket handshake needs HTTP/1.1 (RFC 6455 §4.1). */
    public static final String HTTP_1_0 = "HTTP/1.0";
    /** Line terminator of every line of an HTTP head. */
    public static final String CRLF = "\r\n";
    /** The only method that may open a WebSocket. */
    public static final String GET = "GET";
    /** Answered like GET but without a body (RFC 9110 §9.3.2), our errors included. */
    public static final String HEAD = "HEAD";

    /** Request header naming the target host (and port). */
    public static final String HOST = "Host";
    /** Header naming the protocol to switch to. */
    public static final String UPGRADE = "Upgrade";
    /** Hop-by-hop header; must carry the {@code upgrade} token. */
    public static final String CONNECTION = "Connection";
    /** Request header carrying the browser's page origin. */
    public static final String ORIGIN = "Origin";
    /** Header listing the methods a resource allows (sent with 405). */
    public static final String ALLOW = "Allow";
    /** Header with the body's media type. */
    public static final String CONTENT_TYPE = "Content-Type";
    /** Header with the body's length in bytes. */
    public static final String CONTENT_LENGTH = "Content-Length";
    /** Header framing a body in chunks; a handshake has no body. */
    public static final String TRANSFER_ENCODING = "Transfer-Encoding";
    /** Request header: the client's nonce, base64 of 16 bytes. */
    public static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";
    /** Response header: base64(SHA-1(key + GUID)). */
    public static final String SEC_WEBSOCKET_ACCEPT = "Sec-WebSocket-Accept";
    /** Header: the WebSocket protocol version (we speak 13). */
    public static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";
    /** Header: subprotocols offered (request, comma list) or selected (response, one). */
    public static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    /** Header: extensions; we negotiate none. */
    public static final String SEC_WEBSOCKET_EXTENSIONS = "Sec-WebSocket-Extensions";

    /** The {@code Upgrade} token naming WebSocket (compared case-insensitively). */
    public static final String WEBSOCKET = "websocket";
    /** The {@code Connection} token asking for a protocol switch (compared case-insensitively). */
    public static final String UPGRADE_TOKEN = "upgrade";
    /** The {@code Connection} value that ends the connection after the response. */
    public static final String CLOSE = "close";
    /**
     * The {@code Connection} value of an error answer that sends {@code Upgrade}: RFC 9110 §7.8 asks for the
     * {@code upgrade} option beside it, and the connection still ends after the response.
     */
    public static final String UPGRADE_CLOSE = UPGRADE_TOKEN + ", " + CLOSE;
    /** Media type of our rejection bodies. */
    public static final String TEXT_PLAIN_UTF8 = "text/plain; charset=utf-8";

    /** Status of a successful upgrade. */
    public static final int STATUS_SWITCHING_PROTOCOLS = 101;
}
