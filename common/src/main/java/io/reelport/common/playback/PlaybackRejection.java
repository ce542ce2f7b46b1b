package io.reelport.common.playback;

/**
 * Why a playback request was refused. The {@link #code()} is what logs, metrics and the client see;
 * it stays the same when a constant is renamed. Nothing beyond the code is told to the client, so a
 * prober learns no more than which check failed first.
 */
public enum PlaybackRejection {

    PATH_EMPTY("path_empty", Kind.PATH),
    PATH_TOO_LONG("path_too_long", Kind.PATH),
    /** Any {@code %}: the worker writes only names that need no encoding, so an escape is always an attempt. */
    PATH_ENCODED("path_encoded", Kind.PATH),
    PATH_BACKSLASH("path_backslash", Kind.PATH),
    PATH_CONTROL_CHARACTER("path_control_character", Kind.PATH),
    /** A leading {@code /} or a {@code //}. */
    PATH_EMPTY_SEGMENT("path_empty_segment", Kind.PATH),
    PATH_DOT_SEGMENT("path_dot_segment", Kind.PATH),
    PATH_INVALID_CHARACTER("path_invalid_character", Kind.PATH),

    MALFORMED_TOKEN("malformed_token", Kind.TOKEN),
    /** A well-formed {@code N.} version prefix other than {@code 1.}: a newer signer, or a guess. */
    UNSUPPORTED_VERSION("unsupported_version", Kind.TOKEN),
    /** Signed with a kid this service does not have: a rotation rolled out in the wrong order, or a forgery. */
    UNKNOWN_KEY("unknown_key", Kind.TOKEN),
    BAD_SIGNATURE("bad_signature", Kind.TOKEN),
    EXPIRED("expired", Kind.TOKEN),
    NOT_YET_VALID("not_yet_valid", Kind.TOKEN),
    /** The token is bound to a client range and the client's address is missing, unparseable or outside it. */
    CLIENT_MISMATCH("client_mismatch", Kind.TOKEN),
    PATH_OUTSIDE_GRANT("path_outside_grant", Kind.TOKEN);

    /**
     * Whether the request itself is malformed (the same request would fail with any token) or the
     * token does not allow it.
     */
    public enum Kind {
        PATH(400),
        TOKEN(403);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The status the edge answers with: 400 for a malformed path, 403 for a refused token. */
        public int httpStatus() {
            return httpStatus;
        }
    }

    private final String code;
    private final Kind kind;

    PlaybackRejection(String code, Kind kind) {
        this.code = code;
        this.kind = kind;
    }

    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }
}
