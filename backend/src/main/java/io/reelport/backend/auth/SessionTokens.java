package io.reelport.backend.auth;

import io.reelport.backend.user.AccountProperties;
import io.reelport.backend.user.UserAccount;
import io.reelport.common.jwt.AccessTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Makes the token pair a client holds: a short-lived JWT access token and an opaque refresh token
 * (256 random bits, stored only as its SHA-256) in a family. Callers hold the transaction.
 */
@Component
class SessionTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccessTokens accessTokens;
    private final RefreshTokenFamilies families;
    private final RefreshTokens refreshTokens;
    private final AccountProperties properties;
    private final Clock clock;

    SessionTokens(AccessTokens accessTokens, RefreshTokenFamilies families, RefreshTokens refreshTokens,
            AccountProperties properties, Clock clock) {
        this.accessTokens = accessTokens;
        this.families = families;
        this.refreshTokens = refreshTokens;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new session (family) for a user who just proved who they are. */
    TokenPair start(UserAccount user) {
        Instant now = clock.instant();
        RefreshTokenFamily family = families.save(new RefreshTokenFamily(UUID.randomUUID(), user.id(), now,
                now.plus(properties.sessionLifetime())));
        return issue(user, family, now);
    }

    /** The next pair in an existing session. */
    TokenPair issue(UserAccount user, RefreshTokenFamily family, Instant now) {
        String refreshToken = newSecret();
        Instant refreshExpiry = min(now.plus(properties.refreshTokenTtl()), family.expiresAt());
        refreshTokens.save(new RefreshToken(UUID.randomUUID(), family.id(), hash(refreshToken), now, refreshExpiry));
        AccessTokens.IssuedAccessToken access = accessTokens.issue(user.id().toString(), user.role().name(),
                user.tokenVersion());
        long expiresIn = Duration.between(access.claims().issuedAt(), access.claims().expiresAt()).toSeconds();
        return new TokenPair(access.token(), refreshToken, expiresIn, "Bearer");
    }

    static String hash(String refreshToken) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(refreshToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The body of a successful login or refresh, as DESIGN.md names it. */
    record TokenPair(String accessToken, String refreshToken, long expiresIn, String tokenType) {
    }
}
