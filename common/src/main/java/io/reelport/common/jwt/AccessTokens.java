package io.reelport.common.jwt;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;
import io.reelport.common.keys.KeyRing;
import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies HS256 access tokens with a {@link KeyRing}: the {@code kid} header picks
 * the key, so a new key can be made active while tokens signed with the old one stay valid until
 * they expire.
 *
 * <p>The algorithm is pinned: only HS256 is accepted, whatever the header claims, which closes
 * {@code alg: none}, algorithm switching (HS384/HS512 with the same secret) and RS/HS confusion
 * (a public key used as an HMAC secret).
 *
 * <p>Tokens that verified are remembered by their exact text until they expire (at most
 * {@link #REMEMBERED_TOKENS} of them): a client sends the same token with every request for its
 * whole lifetime, and parsing and verifying it again (Base64, JSON, HMAC in jjwt) was a tenth of the
 * CPU of a typical API request. Only the signature check is skipped on a hit; expiry is checked on
 * every use, and a token that differs in any character is a different key and verified in full.
 */
public final class AccessTokens {

    private static final String ALGORITHM = "HS256";
    private static final String ROLE = "role";
    private static final String TOKEN_VERSION = "ver";

    private final KeyRing keyRing;
    private final JwtProperties properties;
    private final Clock clock;
    private final JwtParser parser;
    private final Map<String, AccessTokenClaims> verified = new ConcurrentHashMap<>();

    /** Bounds the memory of remembered tokens (a few hundred bytes each); when full, it starts over. */
    static final int REMEMBERED_TOKENS = 10_000;

    public AccessTokens(JwtProperties properties, Clock clock) {
        this.keyRing = properties.keyRing();
        this.properties = properties;
        this.clock = clock;
        this.parser = Jwts.parser()
                .sig().clear().add(Jwts.SIG.HS256).and()
                .keyLocator(new RingLocator(keyRing))
                .requireIssuer(properties.issuer())
                .clockSkewSeconds(properties.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    /** Issues a token for the subject, valid for the configured TTL from now. */
    public IssuedAccessToken issue(String subject, String role, long tokenVersion) {
        // JWT times have second precision; truncating here keeps the claims we return equal to
        // what a verifier will read back.
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(properties.accessTokenTtl());
        AccessTokenClaims claims = new AccessTokenClaims(subject, role, tokenVersion,
                UUID.randomUUID().toString(), issuedAt, expiresAt);
        String jwt = Jwts.builder()
                .header().keyId(keyRing.activeKid()).and()
                .issuer(properties.issuer())
                .subject(subject)
                .id(claims.tokenId())
                .issuedAt(Date.from(issuedAt))
                .expiration(Date.from(expiresAt))
                .claim(ROLE, role)
                .claim(TOKEN_VERSION, tokenVersion)
                .signWith(keyRing.activeKey(), Jwts.SIG.HS256)
                .compact();
        return new IssuedAccessToken(jwt, claims);
    }

    /** Never throws for a bad token; the reason is for logs and metrics. */
    public AccessTokenVerification verify(String jwt) {
        if (jwt == null || jwt.isBlank() || jwt.length() > 8192) {
            return new AccessTokenVerification.Invalid(AccessTokenVerification.Reason.MALFORMED);
        }
        AccessTokenClaims remembered = verified.get(jwt);
        if (remembered != null) {
            if (!expired(remembered)) {
                return new AccessTokenVerification.Valid(remembered);
            }
            verified.remove(jwt);
        }
        AccessTokenVerification verification = parse(jwt);
        if (verification instanceof AccessTokenVerification.Valid valid) {
            if (verified.size() >= REMEMBERED_TOKENS) {
                verified.clear();
            }
            verified.put(jwt, valid.claims());
        }
        return verification;
    }

    /** As jjwt decides it: expired once the expiry lies further in the past than the allowed skew. */
    private boolean expired(AccessTokenClaims claims) {
        return clock.instant().minus(properties.clockSkew()).isAfter(claims.expiresAt());
    }

    private AccessTokenVerification parse(String jwt) {
        try {
            Claims claims = parser.parseSignedClaims(jwt).getPayload();
            Object role = claims.get(ROLE);
            Object version = claims.get(TOKEN_VERSION);
            if (claims.getSubject() == null || claims.getId() == null || claims.getIssuedAt() == null
                    || claims.getExpiration() == null || !(role instanceof String)
                    || !(version instanceof Number)) {
                return new AccessTokenVerification.Invalid(AccessTokenVerification.Reason.MISSING_CLAIMS);
            }
            return new AccessTokenVerification.Valid(new AccessTokenClaims(claims.getSubject(), (String) role,
                    ((Number) version).longValue(), claims.getId(), claims.getIssuedAt().toInstant(),
                    claims.getExpiration().toInstant()));
        } catch (ExpiredJwtException expired) {
            return new AccessTokenVerification.Invalid(AccessTokenVerification.Reason.EXPIRED);
        } catch (PrematureJwtException premature) {
            return new AccessTokenVerification.Invalid(AccessTokenVerification.Reason.NOT_YET_VALID);
        } catch (IncorrectClaimException | MissingClaimException wrongClaim) {
            return new AccessTokenVerification.Invalid(AccessTokenVerification.Reason.WRONG_ISSUER);
        } catch (RefusedKey refused) {
            return new AccessTokenVerification.Invalid(refused.reason);
        } catch (SignatureException badSignature) {
            // jjwt reports an algorithm outside the pinned set as a signature failure caused by
            // an unsupported-JWT refusal; it is an algorithm problem, not a forged MAC.
            return new AccessTokenVerification.Invalid(badSignature.getCause() instanceof UnsupportedJwtException
                    ? AccessTokenVerification.Reason.WRONG_ALGORITHM
                    : AccessTokenVerification.Reason.BAD_SIGNATURE);
        } catch (UnsupportedJwtException unsecuredOrEncrypted) {
            // alg: none, or not a JWS at all
            return new AccessTokenVerification.Invalid(AccessTokenVerification.Reason.WRONG_ALGORITHM);
        } catch (JwtException | IllegalArgumentException malformed) {
            return new AccessTokenVerification.Invalid(AccessTokenVerification.Reason.MALFORMED);
        }
    }

    /** A signed token and what it says. */
    public record IssuedAccessToken(String token, AccessTokenClaims claims) {
    }

    /** Picks the HMAC key by {@code kid}; refuses any header whose algorithm is not HS256. */
    private static final class RingLocator extends LocatorAdapter<Key> {
        private final KeyRing keyRing;

        RingLocator(KeyRing keyRing) {
            this.keyRing = keyRing;
        }

        @Override
        protected Key locate(ProtectedHeader header) {
            if (!ALGORITHM.equals(header.getAlgorithm())) {
                throw new RefusedKey(AccessTokenVerification.Reason.WRONG_ALGORITHM);
            }
            String kid = header.getKeyId();
            if (kid == null) {
                throw new RefusedKey(AccessTokenVerification.Reason.UNKNOWN_KEY);
            }
            return keyRing.key(kid).orElseThrow(() -> new RefusedKey(AccessTokenVerification.Reason.UNKNOWN_KEY));
        }
    }

    /** Thrown by the locator and caught in {@link #verify}; carries the precise reason. */
    private static final class RefusedKey extends JwtException {
        private final AccessTokenVerification.Reason reason;

        RefusedKey(AccessTokenVerification.Reason reason) {
            super(reason.name());
            this.reason = reason;
        }
    }
}
