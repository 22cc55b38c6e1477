package pricefeed.core.ws.handshake;

import pricefeed.core.ws.WebSocketProtocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The {@code Sec-WebSocket-Accept} value for a client key (RFC 6455 §1.3, §4.2.2). */
public final class AcceptKey {

    private AcceptKey() {
    }

    /**
     * @param key the client's {@code Sec-WebSocket-Key} exactly as sent
     * @return base64(SHA-1(key + {@value WebSocketProtocol#ACCEPT_GUID}))
     */
    public static String of(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + WebSocketProtocol.ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }

    /**
     * Whether a {@code Sec-WebSocket-Key} value is base64 of exactly 16 bytes, in canonical padded form.
     *
     * @param key the header value
     * @return true if it is a valid key
     */
    public static boolean isValidKey(String key) {
        if (key == null || key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        try {
            byte[] nonce = Base64.getDecoder().decode(key);
            // The decoder ignores the two bits after the last byte (RFC 4648 §3.5 lets a decoder refuse them
            // set): "...B==" decodes like "...A==", but only the latter is the base64 of those 16 bytes.
            return nonce.length == WebSocketProtocol.KEY_DECODED_LENGTH
                    && Base64.getEncoder().encodeToString(nonce).equals(key);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
