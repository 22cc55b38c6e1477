package pricefeed.server.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

/** A blocking raw-socket peer for tests: writes exact bytes and reads exact bytes, frames and HTTP heads. */
public final class RawClient implements AutoCloseable {

    /** The RFC 6455 §1.3 example key and its accept value. */
    public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    public static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    public static final int READ_TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        this(port, 0);
    }

    /**
     * @param receiveBufferBytes SO_RCVBUF, set before connecting so the kernel does not grow it; 0 keeps
     *                           the default (on loopback it can grow to megabytes)
     */
    public RawClient(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        // Buffered: a frame is read in a few small reads, which would each be a system call.
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    public static String upgradeRequest(String path) {
        return "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "\r\n";
    }

    /** Connects and completes the handshake, asserting the exact 101 answer. */
    public static RawClient upgraded(int port, String path) throws IOException {
        return upgraded(port, path, 0);
    }

    /** Connects with that SO_RCVBUF (0: the default) and completes the handshake, asserting the exact 101 answer. */
    public static RawClient upgraded(int port, String path, int receiveBufferBytes) throws IOException {
        RawClient client = new RawClient(port, receiveBufferBytes);
        client.sendAscii(upgradeRequest(path));
        assertEquals("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + ACCEPT + "\r\n\r\n", client.readHead());
        return client;
    }

    /** @return this end's port, as the server's logs name the client */
    public int localPort() {
        return socket.getLocalPort();
    }

    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendAscii(String s) throws IOException {
        send(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes from another thread, so a test can read while a large write is still going. */
    public CompletableFuture<Void> sendAsync(byte[] bytes) {
        return CompletableFuture.runAsync(() -> {
            try {
                send(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** One byte per write, so the server sees every split point. */
    public void sendByteByByte(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
    }

    /**
     * A bounded wait for what must not come: fails if the server sends anything, or ends the connection, within
     * {@code millis}.
     */
    public void expectNothingFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            int b = in.read();
            fail(b < 0 ? "the server ended the connection" : "the server sent something: " + (char) b + "...");
        } catch (SocketTimeoutException expected) {
            // nothing came
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    /** @return the bytes up to and including the first CRLFCRLF */
    public String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                fail("EOF inside the HTTP head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** @return a whole HTTP response: head, then a body of {@code Content-Length} bytes */
    public String readResponse() throws IOException {
        String head = readHead();
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(read(length), StandardCharsets.UTF_8);
    }

    public byte[] read(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            fail("EOF after " + bytes.length + " of " + n + " bytes: " + HexFormat.of().formatHex(bytes));
        }
        return bytes;
    }

    /** @return every byte until the server ends the connection */
    public byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** @return one whole unmasked frame as sent by the server, header included */
    public byte[] readFrame() throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        byte[] head = read(2);
        frame.writeBytes(head);
        assertEquals(0, head[1] & 0x80, "server frames are never masked");
        long length = head[1] & 0x7F;
        if (length == 126) {
            byte[] ext = read(2);
            frame.writeBytes(ext);
            length = ((ext[0] & 0xFF) << 8) | (ext[1] & 0xFF);
        } else if (length == 127) {
            byte[] ext = read(8);
            frame.writeBytes(ext);
            length = 0;
            for (byte b : ext) {
                length = (length << 8) | (b & 0xFF);
            }
        }
        frame.writeBytes(read(Math.toIntExact(length)));
        return frame.toByteArray();
    }

    /** Asserts the server ends the connection (FIN, not a reset) without sending anything more. */
    public void expectEof() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                byte[] rest = in.readNBytes(Math.min(in.available(), 64));
                fail("expected EOF, got byte 0x" + Integer.toHexString(b) + " then " + HexFormat.of().formatHex(rest));
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + READ_TIMEOUT_MILLIS + " ms");
        }
    }

    /**
     * Asserts the server ends the connection without sending anything more, by FIN or by a reset: a server that
     * closes while this client's bytes are still unread in its socket makes its kernel send a reset in place of
     * the FIN (RFC 1122 §4.2.2.13), so a client still writing may see either.
     */
    public void expectEndWhileWriting() throws IOException {
        try {
            expectEof();
        } catch (SocketException reset) {
            // The connection ended; nothing was read from it before the reset.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
