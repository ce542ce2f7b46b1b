package io.reelport.common.jwt;

import java.time.Instant;
import java.util.Objects;

/**
 * What an access token says about its bearer.
 *
 * @param subject      the user id
 * @param role         the role at issue time ({@code ADMIN}, {@code EDITOR}, {@code VIEWER})
 * @param tokenVersion the user's token version at issue time; the backend bumps it on disable or
 *                     role change so that older access tokens stop working at once
 * @param tokenId      unique per token ({@code jti}), for audit and logs
 */
public record AccessTokenClaims(
        String subject,
        String role,
        long tokenVersion,
        String tokenId,
        Instant issuedAt,
        Instant expiresAt) {

    public AccessTokenClaims {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
