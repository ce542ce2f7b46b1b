package io.reelport.common.storage;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A client-supplied filename made safe to use as the last segment of an object key and to show
 * back to users: no path separators, no control or invisible formatting characters (which can
 * disguise an extension, as U+202E does), no leading dots (hidden files, {@code ..}), bounded to
 * {@value #MAX_BYTES} UTF-8 bytes without splitting a character, and the extension kept.
 */
public final class SafeFilename {

    public static final int MAX_BYTES = 200;
    private static final int MAX_EXTENSION_CHARS = 16;
    private static final String FALLBACK_STEM = "upload";
    private static final int MAX_PASSES = 8;
    // Compiled once: String.replaceAll compiles its pattern on every call, and every name takes at
    // least two passes of two replacements (it showed in upload creation's allocation profile).
    private static final Pattern SPACE_RUNS = Pattern.compile(" {2,}");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]");

    private final String value;

    private SafeFilename(String value) {
        this.value = value;
    }

    /** Sanitizes any string, never fails: the worst input yields {@code upload}. */
    public static SafeFilename of(String raw) {
        // One pass can expose something the next pass would change (truncation can turn a long
        // dotted tail into a short "extension", removing a character can make NFC reorder marks),
        // so repeat until nothing changes: a stored name sanitised again must be the same key.
        String current = sanitizeValue(raw);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            String next = sanitizeValue(current);
            if (next.equals(current)) {
                return new SafeFilename(current);
            }
            current = next;
        }
        return new SafeFilename(FALLBACK_STEM);
    }

    public String value() {
        return value;
    }

    /** The extension in lower case without the dot, or empty. */
    public String extension() {
        int dot = value.lastIndexOf('.');
        return dot <= 0 ? "" : value.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String sanitizeValue(String raw) {
        if (raw == null) {
            return FALLBACK_STEM;
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        // Keep only the last path segment, whichever separator the client's OS used.
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(cut + 1);

        StringBuilder cleaned = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            // Whitespace first: a tab or newline in a name is a word break, not something to glue shut.
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                cleaned.append(' ');
                return;
            }
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                return;
            }
            if ("<>:\"|?*%#{}^~`[]".indexOf(cp) >= 0) {
                cleaned.append('_');
            } else {
                cleaned.appendCodePoint(cp);
            }
        });
        // Normalise again: dropping a character between combining marks can leave a sequence
        // that NFC would reorder, and the name must read back the same when sanitised twice.
        String collapsed = SPACE_RUNS.matcher(Normalizer.normalize(cleaned.toString(), Normalizer.Form.NFC))
                .replaceAll(" ").strip();
        collapsed = stripLeading(collapsed, ". ");
        collapsed = stripTrailing(collapsed, ". ");

        String stem = collapsed;
        String extension = "";
        int dot = collapsed.lastIndexOf('.');
        if (dot > 0 && collapsed.length() - dot - 1 <= MAX_EXTENSION_CHARS) {
            stem = stripTrailing(collapsed.substring(0, dot), ". ");
            extension = NOT_LETTER_OR_DIGIT.matcher(collapsed.substring(dot + 1)).replaceAll("");
        }
        if (stem.isEmpty()) {
            stem = FALLBACK_STEM;
        }
        String suffix = extension.isEmpty() ? "" : "." + extension;
        int budget = MAX_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length;
        String bounded = Normalizer.normalize(truncateUtf8(stem, budget), Normalizer.Form.NFC);
        return stripTrailing(bounded, ". ") + suffix;
    }

    private static String truncateUtf8(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        StringBuilder kept = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            kept.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return kept.length() == 0 ? FALLBACK_STEM : kept.toString();
    }

    private static String stripLeading(String text, String chars) {
        int start = 0;
        while (start < text.length() && chars.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        return text.substring(start);
    }

    private static String stripTrailing(String text, String chars) {
        int end = text.length();
        while (end > 0 && chars.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(0, end);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SafeFilename that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
