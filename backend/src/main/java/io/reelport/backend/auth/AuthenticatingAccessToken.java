package io.reelport.backend.auth;

import io.reelport.backend.platform.problem.BearerTokenRefused;
import io.reelport.common.jwt.AccessTokenClaims;
import io.reelport.common.jwt.AccessTokenVerification;
import io.reelport.common.jwt.AccessTokens;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns a JWT access token into a {@link Caller}. Beyond the signature and expiry it checks the
 * user as stored now: enabled, and the token's version equal to the user's, so a disable or role
 * change cuts off tokens already issued at once rather than when they expire. That costs one
 * primary-key read per request, which the benchmark in docs/benchmarks.md measures; it is a plain
 * auto-commit query rather than a JPA transaction because it runs on every request.
 */
@Component
class AuthenticatingAccessToken {

    private final AccessTokens accessTokens;
    private final JdbcClient jdbc;

    AuthenticatingAccessToken(AccessTokens accessTokens, JdbcClient jdbc) {
        this.accessTokens = accessTokens;
        this.jdbc = jdbc;
    }

    /** What the check needs of the user, as stored now. */
    record UserState(Role role, boolean enabled, long tokenVersion) {
    }

    Caller authenticate(String jwt) {
        AccessTokenVerification verification = accessTokens.verify(jwt);
        if (verification instanceof AccessTokenVerification.Invalid invalid) {
            throw new BearerTokenRefused("access token " + invalid.reason());
        }
        AccessTokenClaims claims = ((AccessTokenVerification.Valid) verification).claims();
        UUID userId;
        try {
            userId = UUID.fromString(claims.subject());
        } catch (IllegalArgumentException notOurs) {
            throw new BearerTokenRefused("access token subject is not a user id");
        }
        Optional<UserState> found = jdbc.sql("SELECT role, enabled, token_version FROM users WHERE id = ?")
                .param(userId)
                .query((row, number) -> new UserState(Role.valueOf(row.getString(1)), row.getBoolean(2), row.getLong(3)))
                .optional();
        UserState user = found.orElseThrow(() -> new BearerTokenRefused("access token for a user that no longer exists"));
        if (!user.enabled()) {
            throw new BearerTokenRefused("access token of disabled user " + userId);
        }
        if (user.tokenVersion() != claims.tokenVersion()) {
            throw new BearerTokenRefused("access token version " + claims.tokenVersion() + " is stale for user "
                    + userId);
        }
        return Caller.user(userId, user.role());
    }
}
