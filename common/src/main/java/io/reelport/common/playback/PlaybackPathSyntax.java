package io.reelport.common.playback;

import org.jspecify.annotations.Nullable;

/**
 * The only path shapes the edge serves: what the worker writes ({@code hls/720p/seg_00001.m4s}),
 * in {@code A-Z a-z 0-9 . _ ~ - /}, with no empty or dot segments. Anything else is an attack or a
 * broken client, so it is refused before the token is even read, and a granted path can be used
 * as an object key with no decoding or normalization that could disagree with this check.
 * Signed prefixes pass the same check, so a signer cannot grant what no request could match.
 */
final class PlaybackPathSyntax {

    static final int MAX_LENGTH = 512;

    private static final boolean[] ALLOWED = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ALLOWED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            ALLOWED[c] = true;
        }
        for (char c : new char[] {'.', '_', '~', '-', '/'}) {
            ALLOWED[c] = true;
        }
    }

    private PlaybackPathSyntax() {
    }

    /**
     * The problem with {@code path}, or {@code null} for a path the edge may serve. Characters are
     * checked before segments, and the first bad character from the left names the problem. A
     * trailing {@code /} is allowed: it is how a prefix grants a directory.
     */
    static @Nullable PlaybackRejection problemWith(@Nullable String path) {
        if (path == null || path.isEmpty()) {
            return PlaybackRejection.PATH_EMPTY;
        }
        int length = path.length();
        if (length > MAX_LENGTH) {
            return PlaybackRejection.PATH_TOO_LONG;
        }
        // Two passes measured faster than one: the character loop stays tight, and the segment
        // rules only look around the few slashes.
        for (int i = 0; i < length; i++) {
            char c = path.charAt(i);
            if (c >= 128 || !ALLOWED[c]) {
                return problemWithCharacter(c);
            }
        }
        int segmentStart = 0;
        for (int slash = path.indexOf('/'); ; slash = path.indexOf('/', slash + 1)) {
            int segmentLength = (slash < 0 ? length : slash) - segmentStart;
            if (slash >= 0 && segmentLength == 0) {
                return PlaybackRejection.PATH_EMPTY_SEGMENT;
            }
            if (isDotSegment(path, segmentStart, segmentLength)) {
                return PlaybackRejection.PATH_DOT_SEGMENT;
            }
            if (slash < 0) {
                return null;
            }
            segmentStart = slash + 1;
        }
    }

    private static boolean isDotSegment(String path, int start, int length) {
        return (length == 1 && path.charAt(start) == '.')
                || (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.');
    }

    private static PlaybackRejection problemWithCharacter(char c) {
        if (c == '%') {
            return PlaybackRejection.PATH_ENCODED;
        }
        if (c == '\\') {
            return PlaybackRejection.PATH_BACKSLASH;
        }
        if (Character.isISOControl(c)) {
            return PlaybackRejection.PATH_CONTROL_CHARACTER;
        }
        return PlaybackRejection.PATH_INVALID_CHARACTER;
    }
}
