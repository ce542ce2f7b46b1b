package io.reelport.worker.job;

/**
 * Why a job stopped, in the terms of the failed event: a stable code, a message for people, and
 * whether running it again could help. Storage and network trouble is retryable; bad input
 * (checksum mismatch, unreadable or unsupported media) is not, because the same bytes fail the
 * same way.
 */
public class JobFailure extends RuntimeException {

    private final String code;
    private final boolean retryable;

    private JobFailure(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public static JobFailure permanent(String code, String message) {
        return new JobFailure(code, message, false, null);
    }

    public static JobFailure permanent(String code, String message, Throwable cause) {
        return new JobFailure(code, message, false, cause);
    }

    public static JobFailure retryable(String code, String message, Throwable cause) {
        return new JobFailure(code, message, true, cause);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Codes the worker uses; the backend shows them as the version's failure reason. */
    public static final String CHECKSUM_MISMATCH = "CHECKSUM_MISMATCH";
    public static final String EMPTY_SOURCE = "EMPTY_SOURCE";
    public static final String SOURCE_MISSING = "SOURCE_MISSING";
    public static final String UNSUPPORTED_MEDIA = "UNSUPPORTED_MEDIA";
    public static final String TRANSCODE_FAILED = "TRANSCODE_FAILED";
    public static final String TRANSCODE_TIMEOUT = "TRANSCODE_TIMEOUT";
    public static final String STORAGE_UNAVAILABLE = "STORAGE_UNAVAILABLE";
    public static final String INSUFFICIENT_TEMP_SPACE = "INSUFFICIENT_TEMP_SPACE";
    public static final String MALFORMED_MESSAGE = "MALFORMED_MESSAGE";
    public static final String TOO_MANY_DELIVERIES = "TOO_MANY_DELIVERIES";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";
}
