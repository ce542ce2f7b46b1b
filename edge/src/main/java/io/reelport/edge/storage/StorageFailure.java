package io.reelport.edge.storage;

/** Why the previews bucket could not give an object; each kind is one HTTP status for the player. */
public final class StorageFailure extends RuntimeException {

    public enum Kind {
        /** 404: no such object (not cached either). */
        NOT_FOUND,
        /** 502: the bucket refused, errored or could not be reached. */
        UNAVAILABLE,
        /** 504: the bucket did not answer in time. */
        TIMEOUT
    }

    private final Kind kind;

    public StorageFailure(Kind kind, String message, Throwable cause) {
        // No stack trace: these are expected outcomes, logged in one line without the request's token.
        super(message, cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
