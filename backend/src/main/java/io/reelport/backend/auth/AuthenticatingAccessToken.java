package io.reelport.backend.auth;

import io.reelport.backend.platform.problem.BearerTokenRefused;
import io.reelport.common.jwt.AccessTokenClaims;
import io.reelport.common.jwt.AccessTokenVerification;
import io.reelport.common.jwt.AccessTokens;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns a JWT access token into a {@link Caller}. Beyond the signature and expiry it checks the
 * user as stored now: enabled, and the token's version equal to the user's, so a disable or role
 * change cuts off tokens already issued at once rather than when they expire. The user comes from
 * {@link UserStates}: one primary-key read per user and second rather than per request.
 */
@Component
class AuthenticatingAccessToken {

    private final AccessTokens accessTokens;
    private final UserStates users;

    AuthenticatingAccessToken(AccessTokens accessTokens, UserStates users) {
        this.accessTokens = accessTokens;
        this.users = users;
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
        UserStates.UserState user = users.current(userId)
                .orElseThrow(() -> new BearerTokenRefused("access token for a user that no longer exists"));
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
