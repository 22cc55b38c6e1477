package pricefeed.server.web;

/**
 * Client-supplied text made safe to put in a log line. A log line is one line: a request target whose
 * {@code %0A} was decoded, or any other text a client chose, must not be able to end it and start a
 * line of its own that a reader would take for the server's (CWE-117).
 */
final class LogText {

    private LogText() {
    }

    /**
     * @param text text a client chose, or null
     * @return the text with every control character (C0, DEL, C1), the Unicode line and paragraph
     *         separators and the backslash written as escapes ({@code \x0a}, {@code \u2028}, {@code \\}),
     *         so the result is one line and an escape in it is never the client's own text; "null" for null
     */
    static String escape(CharSequence text) {
        if (text == null) {
            return "null";
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text.toString();
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (c <= 0xFF && needsEscape(c)) {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else if (needsEscape(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\\';
    }
}
