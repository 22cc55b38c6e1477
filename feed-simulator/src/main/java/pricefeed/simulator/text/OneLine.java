package pricefeed.simulator.text;

import java.util.Locale;

/**
 * Text that someone else chose (a server's error reply, a line of a symbol file) made safe to print as one
 * line: control characters are written as escapes, so that the text neither breaks its line nor reaches the
 * terminal as a command (an escape sequence would recolour it or move its cursor).
 */
public final class OneLine {

    private OneLine() {
    }

    /**
     * @param value any text
     * @return the text with {@code \n}, {@code \r} and {@code \t} written as such and every other control
     *         character (C0, DEL, C1) as {@code \u001b}; the same instance if it has none
     */
    public static String of(String value) {
        StringBuilder sb = null;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (!Character.isISOControl(ch)) {
                if (sb != null) {
                    sb.append(ch);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            switch (ch) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            }
        }
        return sb == null ? value : sb.toString();
    }
}
