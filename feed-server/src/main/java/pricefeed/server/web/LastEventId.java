package pricefeed.server.web;

/**
 * An SSE event id, {@code EPOCH:SYMBOL:SEQ}: what a reconnecting client sends back in
 * {@code Last-Event-ID} to resume that symbol after that seq.
 *
 * @param epoch  the run the seq belongs to
 * @param symbol the symbol
 * @param seq    the last seq the client has
 */
record LastEventId(String epoch, String symbol, long seq) {

    /** Longer than any id we write; anything longer is not ours and is not parsed. */
    private static final int MAX_LENGTH = 128;

    /**
     * @param id the header or parameter value, or null
     * @return the id, or null if absent or not one of ours (the client then gets snapshots)
     */
    static LastEventId parse(String id) {
        if (id == null || id.length() > MAX_LENGTH) {
            return null;
        }
        String[] parts = id.trim().split(":", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return null;
        }
        try {
            long seq = Long.parseLong(parts[2]);
            return seq < 0 ? null : new LastEventId(parts[0], parts[1], seq);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
