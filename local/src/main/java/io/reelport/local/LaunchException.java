package io.reelport.local;

/**
 * The platform cannot start, for a reason the user can fix. The launcher prints the message,
 * without a stack trace, and exits non-zero; so the message says what failed and what to do.
 */
public class LaunchException extends RuntimeException {

    public LaunchException(String message) {
        super(message);
    }

    public LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
