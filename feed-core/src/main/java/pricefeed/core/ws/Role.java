package pricefeed.core.ws;

/** Which end of a WebSocket connection we are; it decides masking in both directions (RFC 6455 §5.1). */
public enum Role {
    /** We accepted the connection: frames we receive must be masked, frames we send must not be. */
    SERVER,
    /** We opened the connection: frames we send are masked, frames we receive must not be. */
    CLIENT;

    /** @return whether frames arriving at this role must carry a mask */
    public boolean expectsMaskedInput() {
        return this == SERVER;
    }

    /** @return whether frames sent by this role carry a mask */
    public boolean masksOutput() {
        return this == CLIENT;
    }
}
