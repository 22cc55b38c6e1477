package pricefeed.core.ws.handshake;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one HTTP/1.1 head incrementally from a {@link ByteBuf}: call it again whenever more bytes arrived.
 * Each complete line is consumed from the buffer as soon as it is read, so the caller never holds more than
 * one partial line; once the head is complete the buffer's reader index sits on the first byte after the
 * empty line (bytes after the head stay in the buffer). The head-size limit counts every byte of the head,
 * the final CRLFCRLF included, and is checked before more is scanned.
 *
 * <p>Strict on purpose: a bare CR or LF, control characters, bytes above 0x7F in a request, obs-fold,
 * a header line without a colon, whitespace before the colon and a version other than HTTP/1.1 (or a later
 * HTTP/1 minor version, read as 1.1; a request may also be HTTP/1.0) each fail with 400 and a one-line
 * reason; a head over the byte limit or with too many fields fails with 431. After a failure or a complete
 * head the parser is spent.
 */
public final class HttpHeadParser {

    /**
     * Default cap on the number of header fields: far above what any client sends (browsers send about
     * 15-25), so in practice the byte limit decides, while a head of thousands of tiny fields cannot make
     * the parser keep many times its own size in field objects.
     */
    public static final int DEFAULT_MAX_FIELDS = 256;

    private enum State { START_LINE, FIELDS, DONE, FAILED }

    private enum Kind { REQUEST, RESPONSE }

    private static final int BAD_REQUEST = 400;
    private static final int TOO_LARGE = 431;

    private final int maxHeadBytes;
    private final int maxFields;
    private final List<HttpHead.Field> fields = new ArrayList<>();

    private State state = State.START_LINE;
    private Kind kind;
    private int consumed;
    /** Bytes of the current partial line (from the reader index) already checked. */
    private int scanned;
    private String[] startLine;
    private HttpHeadException failure;

    /**
     * @param maxHeadBytes the largest head accepted, terminating CRLFCRLF included
     */
    public HttpHeadParser(int maxHeadBytes) {
        this(maxHeadBytes, DEFAULT_MAX_FIELDS);
    }

    /**
     * @param maxHeadBytes the largest head accepted, terminating CRLFCRLF included
     * @param maxFields    the most header fields accepted
     */
    public HttpHeadParser(int maxHeadBytes, int maxFields) {
        if (maxHeadBytes < 16 || maxFields < 1) {
            throw new IllegalArgumentException("maxHeadBytes >= 16 and maxFields >= 1 required: "
                    + maxHeadBytes + ", " + maxFields);
        }
        this.maxHeadBytes = maxHeadBytes;
        this.maxFields = maxFields;
    }

    /**
     * Reads a request head (server role).
     *
     * @param in the bytes received so far after the previous call; consumed line by line
     * @return the complete head, or null when more bytes are needed
     * @throws HttpHeadException 400 for a malformed head, 431 for one over the size limit
     */
    public HttpHead parseRequest(ByteBuf in) {
        return parse(in, Kind.REQUEST);
    }

    /**
     * Reads a response head (client role). Reason phrases and values may carry bytes above 0x7F here.
     *
     * @param in the bytes received so far after the previous call; consumed line by line
     * @return the complete head, or null when more bytes are needed
     * @throws HttpHeadException 400 for a malformed head, 431 for one over the size limit
     */
    public HttpHead parseResponse(ByteBuf in) {
        return parse(in, Kind.RESPONSE);
    }

    /**
     * @return the request's method once its start line was read, also after a later failure (an answer to
     *         {@code HEAD} has no body); null before, or when reading a response
     */
    public String method() {
        return kind == Kind.REQUEST && startLine != null ? startLine[0] : null;
    }

    private HttpHead parse(ByteBuf in, Kind requested) {
        if (kind == null) {
            kind = requested;
        } else if (kind != requested) {
            throw new IllegalStateException("this parser reads a " + kind + " head");
        }
        if (state == State.FAILED) {
            throw failure;
        }
        if (state == State.DONE) {
            throw new IllegalStateException("the head was already read");
        }
        try {
            return readLines(in);
        } catch (HttpHeadException e) {
            state = State.FAILED;
            failure = e;
            throw e;
        }
    }

    private HttpHead readLines(ByteBuf in) {
        while (true) {
            int lineLength = nextLineLength(in);
            if (lineLength < 0) {
                return null;
            }
            String line = in.toString(in.readerIndex(), lineLength, StandardCharsets.ISO_8859_1);
            in.skipBytes(lineLength + 2);
            consumed += lineLength + 2;
            scanned = 0;
            if (state == State.START_LINE) {
                if (!line.isEmpty()) {
                    // RFC 7230 §3.5: empty lines before the start line are ignored.
                    startLine = kind == Kind.REQUEST ? requestLine(line) : statusLine(line);
                    state = State.FIELDS;
                }
            } else if (line.isEmpty()) {
                state = State.DONE;
                return kind == Kind.REQUEST
                        ? HttpHead.request(startLine[0], startLine[1], startLine[2], fields)
                        : HttpHead.response(startLine[0], Integer.parseInt(startLine[1]), startLine[2], fields);
            } else {
                field(line);
            }
        }
    }

    /**
     * Scans the current line within the size limit.
     *
     * @return the line's length without its CRLF, or -1 when it is not complete yet
     */
    private int nextLineLength(ByteBuf in) {
        int budget = maxHeadBytes - consumed;
        int window = Math.min(in.readableBytes(), budget);
        int base = in.readerIndex();
        for (int i = scanned; i < window; i++) {
            int b = in.getByte(base + i) & 0xFF;
            if (b == '\n') {
                if (i == 0 || in.getByte(base + i - 1) != '\r') {
                    throw bad("bare LF in head");
                }
                return i - 1;
            }
            if (i > 0 && in.getByte(base + i - 1) == '\r') {
                throw bad("bare CR in head");
            }
            checkByte(b);
        }
        scanned = window;
        if (window == budget) {
            throw new HttpHeadException(TOO_LARGE, "head larger than " + maxHeadBytes + " bytes");
        }
        return -1;
    }

    private void checkByte(int b) {
        if ((b < 0x20 && b != '\t' && b != '\r') || b == 0x7F) {
            throw bad("control character 0x" + Integer.toHexString(b) + " in head");
        }
        if (b > 0x7F && kind == Kind.REQUEST) {
            throw bad("non-ASCII byte 0x" + Integer.toHexString(b) + " in head");
        }
    }

    private static String[] requestLine(String line) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw bad("malformed request line");
        }
        String target = parts[1];
        boolean originForm = target.charAt(0) == '/';
        boolean absoluteForm = target.indexOf("://") > 0 && isToken(target.substring(0, target.indexOf("://")));
        if (!(originForm || absoluteForm || target.equals("*"))) {
            throw bad("malformed request target");
        }
        String malformation = RequestTarget.malformation(target);
        if (malformation != null) {
            throw bad(malformation);
        }
        // HTTP/1.0 is read so that the validator can answer a plain request to a WebSocket path with 426, as it
        // does any other; it refuses an HTTP/1.0 upgrade itself.
        if (!parts[2].equals(HttpConstants.HTTP_1_0)) {
            checkVersion(parts[2]);
        }
        return parts;
    }

    private static String[] statusLine(String line) {
        int sp1 = line.indexOf(' ');
        if (sp1 < 0) {
            throw bad("malformed status line");
        }
        checkVersion(line.substring(0, sp1));
        String rest = line.substring(sp1 + 1);
        String code = rest.length() >= 3 ? rest.substring(0, 3) : rest;
        boolean digits = code.length() == 3 && code.chars().allMatch(c -> c >= '0' && c <= '9') && code.charAt(0) != '0';
        if (!digits || (rest.length() > 3 && rest.charAt(3) != ' ')) {
            throw bad("malformed status line");
        }
        String reason = rest.length() > 4 ? rest.substring(4) : "";
        return new String[] {line.substring(0, sp1), code, reason};
    }

    private static void checkVersion(String version) {
        // RFC 6455 §4.1 asks for "HTTP/1.1 or higher", and RFC 9112 §2.3 has a later minor version of
        // HTTP/1 read as the highest one the recipient implements: HTTP/1.2 to 1.9 count as HTTP/1.1.
        if (version.equals(HttpConstants.HTTP_1_1) || version.matches("HTTP/1\\.[1-9]")) {
            return;
        }
        if (version.matches("HTTP/\\d\\.\\d")) {
            throw bad("unsupported HTTP version " + version + ", only HTTP/1.1");
        }
        throw bad("malformed HTTP version");
    }

    private void field(String line) {
        char first = line.charAt(0);
        if (first == ' ' || first == '\t') {
            throw bad("obsolete line folding in header");
        }
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw bad("header line without colon");
        }
        String name = line.substring(0, colon);
        if (!isToken(name)) {
            throw bad("malformed header name");
        }
        if (fields.size() == maxFields) {
            // 431 is HTTP's answer for header fields too large "individually or collectively" (RFC 6585).
            throw new HttpHeadException(TOO_LARGE, "more than " + maxFields + " header fields");
        }
        fields.add(new HttpHead.Field(name, trimOws(line.substring(colon + 1))));
    }

    /**
     * Removes optional whitespace (SP and HTAB only, RFC 7230 §3.2.3) around a field value; unlike
     * {@link String#trim()}, it keeps control characters, which are part of the value.
     *
     * @param s the text
     * @return it without leading and trailing SP and HTAB
     */
    public static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    /** RFC 7230 §3.2.6 token: one or more tchar. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private static HttpHeadException bad(String reason) {
        return new HttpHeadException(BAD_REQUEST, reason);
    }
}
