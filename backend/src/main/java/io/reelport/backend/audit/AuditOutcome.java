package io.reelport.backend.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    SUCCESS,
    /** Attempted and failed, for example a wrong password. */
    FAILURE,
    /** Refused by policy: a role too low, a reused refresh token, a throttled client. */
    DENIED
}
