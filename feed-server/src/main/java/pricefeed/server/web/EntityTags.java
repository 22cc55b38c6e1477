package pricefeed.server.web;

/**
 * {@code If-None-Match} as RFC 9110 §13.1.2 reads it: {@code *}, or a comma-separated list of entity tags
 * compared weakly (a {@code W/} prefix on either side does not matter). An entity tag may itself hold a
 * comma, so the list is read tag by tag, not split.
 */
final class EntityTags {

    private EntityTags() {
    }

    /**
     * @param ifNoneMatch the field's value, or null when absent
     * @param current     the resource's entity tag, quoted, with or without {@code W/}
     * @return whether the field names the current representation (a {@code 304} for a GET or HEAD); false
     *         when absent or malformed, which RFC 9110 says to treat as no condition
     */
    static boolean noneMatchFails(String ifNoneMatch, String current) {
        if (ifNoneMatch == null) {
            return false;
        }
        String ours = opaque(current);
        int i = 0;
        int n = ifNoneMatch.length();
        while (i < n) {
            char c = ifNoneMatch.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                return true;
            }
            if (ifNoneMatch.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || ifNoneMatch.charAt(i) != '"') {
                return false;
            }
            int close = ifNoneMatch.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            if (ifNoneMatch.regionMatches(i, ours, 0, ours.length()) && close + 1 == i + ours.length()) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }

    /** @return the tag without its weakness prefix: the quoted opaque-tag */
    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
