package pricefeed.simulator.load;

/** What one connection of a load test does. */
enum ClientKind {
    /** Subscribes and reads everything until the run ends. */
    READER,
    /** Subscribes, reads, then stops reading after {@code stallAfter} and keeps the socket open. */
    STALLER,
    /** Completes the handshake and never subscribes. */
    IDLE
}
