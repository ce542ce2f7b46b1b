package io.reelport.edge.playback;

import io.reelport.edge.storage.ObjectMeta;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP rules for answering with one stored object (RFC 9110 sections 13 and 14), kept apart
 * from I/O so they can be tested as a table: conditional requests, then a single byte range.
 *
 * <p>Only single ranges are honoured; a multi-range request gets the whole object (RFC 9110 lets a
 * server ignore Range), since players ask for one range at a time and multipart bodies would defeat
 * zero-copy serving. A Range header that does not parse is ignored the same way.
 */
final class RepresentationRules {

    private RepresentationRules() {
    }

    /** What to answer: a status and, for 200/206, which bytes. */
    record Answer(int status, long start, long count, @Nullable String contentRange) {

        static Answer notModified() {
            return new Answer(304, 0, 0, null);
        }

        static Answer whole(long length) {
            return new Answer(200, 0, length, null);
        }

        static Answer unsatisfiable(long length) {
            return new Answer(416, 0, 0, "bytes */" + length);
        }

        static Answer partial(long start, long end, long length) {
            return new Answer(206, start, end - start + 1, "bytes " + start + "-" + end + "/" + length);
        }

        boolean hasBody() {
            return status == 200 || status == 206;
        }
    }

    static Answer decide(ObjectMeta meta, @Nullable String ifNoneMatch, @Nullable String ifModifiedSince,
                         @Nullable String range, @Nullable String ifRange) {
        if (ifNoneMatch != null) {
            if (matchesWeakly(ifNoneMatch, meta.etag())) {
                return Answer.notModified();
            }
        } else if (ifModifiedSince != null) {
            Instant since = parseDate(ifModifiedSince);
            if (since != null && !meta.lastModified().isAfter(since)) {
                return Answer.notModified();
            }
        }
        if (range == null || (ifRange != null && !ifRangeHolds(ifRange, meta))) {
            return Answer.whole(meta.length());
        }
        return byteRange(range.trim(), meta.length());
    }

    private static Answer byteRange(String range, long length) {
        if (!range.regionMatches(true, 0, "bytes=", 0, 6)) {
            return Answer.whole(length);
        }
        String spec = range.substring(6).trim();
        if (spec.indexOf(',') >= 0) {
            return Answer.whole(length);
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Answer.whole(length);
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        if (first.isEmpty()) {
            long suffix = parseLength(last);
            if (suffix < 0) {
                return Answer.whole(length);
            }
            if (suffix == 0 || length == 0) {
                return Answer.unsatisfiable(length);
            }
            return Answer.partial(Math.max(0, length - suffix), length - 1, length);
        }
        long start = parseLength(first);
        long end = last.isEmpty() ? Long.MAX_VALUE : parseLength(last);
        if (start < 0 || end < 0 || end < start) {
            return Answer.whole(length);
        }
        if (start >= length) {
            return Answer.unsatisfiable(length);
        }
        return Answer.partial(start, Math.min(end, length - 1), length);
    }

    /** A non-negative decimal, -1 when it is not one; beyond any object size means "to the end". */
    private static long parseLength(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    /** If-Range: a strong entity-tag match, or exactly our Last-Modified (which is a strong validator here: objects never change). */
    private static boolean ifRangeHolds(String ifRange, ObjectMeta meta) {
        String value = ifRange.trim();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            return !value.startsWith("W/") && !meta.etag().startsWith("W/") && value.equals(meta.etag());
        }
        Instant date = parseDate(value);
        return date != null && date.equals(meta.lastModified());
    }

    private static boolean matchesWeakly(String ifNoneMatch, String etag) {
        String ours = opaque(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || opaque(tag).equals(ours)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }

    static @Nullable Instant parseDate(String value) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException unparseable) {
            return null;
        }
    }

    static String formatDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(java.time.ZoneOffset.UTC));
    }
}
