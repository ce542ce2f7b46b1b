package io.reelport.backend.platform.paging;

import io.reelport.backend.platform.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An opaque pagination cursor: the sort key(s) of the last item of a page, base64url-encoded so
 * clients treat it as a token rather than build their own. {@link #decode} refuses anything it did
 * not make with a 400 {@code invalid_cursor} problem.
 *
 * <pre>
 * String next = Cursor.encode(last.email());          // in the response
 * List&lt;String&gt; after = Cursor.decode(cursor, 1);       // from the next request
 * </pre>
 */
public final class Cursor {

    private static final String SEPARATOR = "\u001f";
    private static final int MAX_LENGTH = 1024;

    private Cursor() {
    }

    public static String encode(String... parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The parts of a cursor made by {@link #encode} with {@code expectedParts} parts. */
    public static List<String> decode(String cursor, int expectedParts) {
        if (cursor == null || cursor.length() > MAX_LENGTH) {
            throw invalid();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw invalid();
        }
        List<String> parts = Arrays.asList(text.split(SEPARATOR, -1));
        if (parts.size() != expectedParts) {
            throw invalid();
        }
        return parts;
    }

    public static ApiProblem invalid() {
        return ApiProblem.badRequest("invalid_cursor", "The cursor is not one this API returned; start without it.")
                .with("field", "cursor");
    }
}
