package pricefeed.core.json;

/** The one-line problem reports both parsers share, and how client text is quoted in them. */
final class ParseProblems {

    private ParseProblems() {
    }

    /** Syntax error, truncation, invalid UTF-8, more than one value, or bytes that cannot start UTF-8 JSON. */
    static final String NOT_JSON = "not JSON";
    /** Over one of the factory's {@code StreamReadConstraints}. */
    static final String OVER_PARSER_LIMITS = "JSON nests deeper than " + JsonProtocol.MAX_NESTING_DEPTH
            + " levels or has an over-long number or string";
    /** Longest piece of peer text quoted back in a problem report. */
    static final int QUOTE_MAX = 32;

    /**
     * Peer text in our messages is cut short: an error reply must stay one short line.
     *
     * @param peerText any text read from the peer
     * @return at most {@value #QUOTE_MAX} characters of it, then "..." if it was longer
     */
    static String quote(String peerText) {
        if (peerText.length() <= QUOTE_MAX) {
            return peerText;
        }
        // Never cut a surrogate pair in half: a lone surrogate has no UTF-8 form.
        int end = Character.isHighSurrogate(peerText.charAt(QUOTE_MAX - 1)) ? QUOTE_MAX - 1 : QUOTE_MAX;
        return peerText.substring(0, end) + "...";
    }
}
