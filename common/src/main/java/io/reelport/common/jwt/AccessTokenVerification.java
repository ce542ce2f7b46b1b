package io.reelport.common.jwt;

/** The outcome of checking an access token: its claims, or why it was refused. */
public sealed interface AccessTokenVerification {

    record Valid(AccessTokenClaims claims) implements AccessTokenVerification {
    }

    record Invalid(Reason reason) implements AccessTokenVerification {
    }

    /** Stable codes for logs and metrics; a client only ever sees "invalid token". */
    enum Reason {
        MALFORMED,
        WRONG_ALGORITHM,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        EXPIRED,
        NOT_YET_VALID,
        WRONG_ISSUER,
        MISSING_CLAIMS
    }
}
