package io.reelport.edge.access;

/** Request URIs as they may be logged: the token segment of {@code /p/{token}/...} replaced. */
public final class RedactedUris {

    public static final String REDACTED = "{token}";

    private RedactedUris() {
    }

    public static String redact(CharSequence uri) {
        String text = uri == null ? "" : uri.toString();
        if (!text.startsWith("/p/")) {
            return text;
        }
        int end = text.indexOf('/', 3);
        int query = text.indexOf('?', 3);
        if (end < 0 || (query >= 0 && query < end)) {
            end = query;
        }
        String rest = end < 0 ? "" : text.substring(end);
        // Control characters could forge log lines; the rest of the line is the client's own words.
        StringBuilder safe = new StringBuilder("/p/").append(REDACTED);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            safe.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return safe.toString();
    }
}
