package io.reelport.backend.platform.problem;

import org.springframework.security.core.AuthenticationException;

/**
 * A bearer credential was presented and refused (bad signature, expired, unknown or revoked key,
 * stale token version). Answered as 401 {@code invalid_token}; the precise reason goes to the log
 * only, so that a caller learns nothing about which check failed.
 */
public class BearerTokenRefused extends AuthenticationException {

    public BearerTokenRefused(String reasonForLogs) {
        super(reasonForLogs);
    }
}
