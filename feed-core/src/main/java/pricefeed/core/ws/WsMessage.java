package pricefeed.core.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.DefaultByteBufHolder;

import java.nio.charset.StandardCharsets;

/**
 * One whole WebSocket data message, text or binary, as it travels between the Netty adapters and the
 * application in either role. Reference-counted through its content: whoever holds it releases it once.
 */
public final class WsMessage extends DefaultByteBufHolder {

    private final boolean text;

    private WsMessage(ByteBuf content, boolean text) {
        super(content);
        this.text = text;
    }

    /**
     * @param utf8 the message bytes, valid UTF-8; ownership passes to the message
     * @return a text message
     */
    public static WsMessage text(ByteBuf utf8) {
        return new WsMessage(utf8, true);
    }

    /**
     * @param text the message text
     * @return a text message holding its UTF-8 bytes in a pooled buffer
     */
    public static WsMessage text(CharSequence text) {
        return new WsMessage(ByteBufUtil.writeUtf8(ByteBufAllocator.DEFAULT, text), true);
    }

    /**
     * @param payload the message bytes; ownership passes to the message
     * @return a binary message
     */
    public static WsMessage binary(ByteBuf payload) {
        return new WsMessage(payload, false);
    }

    /** @return whether this is a text message (else binary) */
    public boolean isText() {
        return text;
    }

    /** @return the content decoded as UTF-8, without consuming it */
    public String contentAsString() {
        return content().toString(StandardCharsets.UTF_8);
    }

    @Override
    public WsMessage copy() {
        return replace(content().copy());
    }

    @Override
    public WsMessage duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public WsMessage retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public WsMessage replace(ByteBuf content) {
        return new WsMessage(content, text);
    }

    @Override
    public WsMessage retain() {
        super.retain();
        return this;
    }

    @Override
    public WsMessage retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public WsMessage touch() {
        super.touch();
        return this;
    }

    @Override
    public WsMessage touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WsMessage m && m.text == text && super.equals(o);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + (text ? 1 : 0);
    }

    @Override
    public String toString() {
        return (text ? "WsMessage(text, " : "WsMessage(binary, ") + content().readableBytes() + " bytes)";
    }
}
