package pricefeed.core.ws.frame;

import io.netty.buffer.ByteBuf;

/**
 * What the decoder reports: whole, validated messages and control frames. Every buffer handed to a
 * listener is owned by the listener from then on, which must release it.
 */
public interface FrameListener {

    /**
     * A complete text message whose bytes are valid UTF-8 (fragments already joined).
     *
     * @param utf8 the message bytes; the listener releases it
     */
    void onText(ByteBuf utf8);

    /**
     * A complete binary message (fragments already joined).
     *
     * @param payload the message bytes; the listener releases it
     */
    void onBinary(ByteBuf payload);

    /**
     * A ping; the session answers it with a pong carrying the same payload.
     *
     * @param payload at most 125 bytes; the listener releases it
     */
    void onPing(ByteBuf payload);

    /**
     * A pong, solicited or not.
     *
     * @param payload at most 125 bytes; the listener releases it
     */
    void onPong(ByteBuf payload);

    /**
     * A close frame whose code and reason were validated.
     *
     * @param code   the status code, or {@code 1005} (NO_STATUS) when the frame had no payload
     * @param reason the UTF-8 reason, empty when absent
     */
    void onClose(int code, String reason);
}
