package io.reelport.common.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import io.reelport.common.jwt.AccessTokenVerification.Invalid;
import io.reelport.common.jwt.AccessTokenVerification.Reason;
import io.reelport.common.jwt.AccessTokenVerification.Valid;
import io.reelport.common.keys.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final String K1 = TestSecrets.secret(32);
    static final String K2 = TestSecrets.secret(32);

    final JwtProperties properties = properties("k1:" + K1 + ",k2:" + K2, "k1");
    final AccessTokens tokens = new AccessTokens(properties, Clock.fixed(NOW, ZoneOffset.UTC));

    static JwtProperties properties(String keys, String activeKid) {
        return new JwtProperties(keys, activeKid, Duration.ofMinutes(15), Duration.ofSeconds(5), "reelport");
    }

    AccessTokens at(Instant instant) {
        return new AccessTokens(properties, Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void issuedTokenVerifiesWithAllItsClaims() {
        AccessTokens.IssuedAccessToken issued = tokens.issue("user-1", "EDITOR", 7);

        AccessTokenVerification result = tokens.verify(issued.token());

        assertThat(result).isEqualTo(new Valid(issued.claims()));
        assertThat(issued.claims().expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(issued.claims().tokenVersion()).isEqualTo(7);
        assertThat(header(issued.token())).contains("\"kid\":\"k1\"").contains("\"alg\":\"HS256\"");
    }

    @Test
    void tokensSignedWithAnOlderKidStillVerifyAfterRotation() {
        String signedWithK1 = tokens.issue("user-1", "VIEWER", 0).token();
        AccessTokens rotated = new AccessTokens(properties("k1:" + K1 + ",k2:" + K2, "k2"), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(rotated.verify(signedWithK1)).isInstanceOf(Valid.class);
        assertThat(header(rotated.issue("u", "VIEWER", 0).token())).contains("\"kid\":\"k2\"");
    }

    @Test
    void expiresAfterItsTtlPlusSkew() {
        String token = tokens.issue("user-1", "VIEWER", 0).token();

        assertThat(at(NOW.plus(Duration.ofMinutes(15)).plusSeconds(4)).verify(token)).isInstanceOf(Valid.class);
        assertThat(at(NOW.plus(Duration.ofMinutes(15)).plusSeconds(6)).verify(token)).isEqualTo(new Invalid(Reason.EXPIRED));
    }

    @Test
    void aRememberedTokenStillExpiresAndAChangedOneIsVerifiedInFull() {
        MovingClock clock = new MovingClock(NOW);
        AccessTokens remembering = new AccessTokens(properties, clock);
        AccessTokens.IssuedAccessToken issued = remembering.issue("user-1", "VIEWER", 3);
        assertThat(remembering.verify(issued.token())).isEqualTo(new Valid(issued.claims()));

        // A character inside the signature (the last one's low bits are padding in Base64).
        int inSignature = issued.token().length() - 10;
        char original = issued.token().charAt(inSignature);
        String changed = issued.token().substring(0, inSignature) + (original == 'A' ? 'B' : 'A')
                + issued.token().substring(inSignature + 1);
        assertThat(remembering.verify(changed)).isEqualTo(new Invalid(Reason.BAD_SIGNATURE));

        clock.now = NOW.plus(Duration.ofMinutes(15)).plusSeconds(5);
        assertThat(remembering.verify(issued.token())).as("within the skew").isEqualTo(new Valid(issued.claims()));
        clock.now = NOW.plus(Duration.ofMinutes(15)).plusSeconds(6);
        assertThat(remembering.verify(issued.token())).isEqualTo(new Invalid(Reason.EXPIRED));
        assertThat(remembering.verify(issued.token())).as("and stays expired").isEqualTo(new Invalid(Reason.EXPIRED));
    }

    @Test
    void moreValidTokensThanItRemembersStillVerify() {
        String first = tokens.issue("user-0", "VIEWER", 0).token();
        assertThat(tokens.verify(first)).isInstanceOf(Valid.class);
        for (int i = 1; i <= AccessTokens.REMEMBERED_TOKENS; i++) {
            assertThat(tokens.verify(tokens.issue("user-" + i, "VIEWER", 0).token())).isInstanceOf(Valid.class);
        }
        assertThat(tokens.verify(first)).isInstanceOf(Valid.class);
    }

    /** A clock the test moves; the tokens' instance reads it on every use. */
    static final class MovingClock extends Clock {
        volatile Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTokenFromTheFutureIsNotYetValid() {
        String token = at(NOW.plusSeconds(60)).issue("user-1", "VIEWER", 0).token();
        String withNbf = Jwts.builder().header().keyId("k1").and().issuer("reelport").subject("u").id("j")
                .issuedAt(Date.from(NOW)).notBefore(Date.from(NOW.plusSeconds(60)))
                .expiration(Date.from(NOW.plusSeconds(600))).claim("role", "VIEWER").claim("ver", 0)
                .signWith(key(K1), Jwts.SIG.HS256).compact();

        assertThat(tokens.verify(token)).isInstanceOf(Valid.class); // iat in the future is not refused by itself
        assertThat(tokens.verify(withNbf)).isEqualTo(new Invalid(Reason.NOT_YET_VALID));
    }

    @Test
    void anUnknownKidIsRefused() {
        String token = Jwts.builder().header().keyId("k9").and().issuer("reelport").subject("u").id("j")
                .issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(60)))
                .claim("role", "ADMIN").claim("ver", 0)
                .signWith(key(TestSecrets.secret(32)), Jwts.SIG.HS256).compact();

        assertThat(tokens.verify(token)).isEqualTo(new Invalid(Reason.UNKNOWN_KEY));
    }

    @Test
    void aMissingKidIsRefused() {
        String token = Jwts.builder().issuer("reelport").subject("u").id("j")
                .issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(60)))
                .claim("role", "ADMIN").claim("ver", 0)
                .signWith(key(K1), Jwts.SIG.HS256).compact();

        assertThat(tokens.verify(token)).isEqualTo(new Invalid(Reason.UNKNOWN_KEY));
    }

    @Test
    void aTamperedPayloadFailsTheSignature() {
        String token = tokens.issue("user-1", "VIEWER", 0).token();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"VIEWER\"", "\"ADMIN\"");
        String forged = parts[0] + "." + b64(payload) + "." + parts[2];

        assertThat(tokens.verify(forged)).isEqualTo(new Invalid(Reason.BAD_SIGNATURE));
    }

    @Test
    void algNoneIsRefused() {
        String payload = "{\"iss\":\"reelport\",\"sub\":\"u\",\"jti\":\"j\",\"iat\":" + NOW.getEpochSecond()
                + ",\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + ",\"role\":\"ADMIN\",\"ver\":0}";
        String unsigned = b64("{\"alg\":\"none\",\"kid\":\"k1\"}") + "." + b64(payload) + ".";

        assertThat(tokens.verify(unsigned)).isEqualTo(new Invalid(Reason.WRONG_ALGORITHM));
    }

    @Test
    void anotherHmacAlgorithmWithTheSameSecretIsRefused() {
        byte[] longSecret = new byte[64];
        System.arraycopy(Base64.getUrlDecoder().decode(K1), 0, longSecret, 0, 32);
        String hs512 = Jwts.builder().header().keyId("k1").and().issuer("reelport").subject("u").id("j")
                .issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(60)))
                .claim("role", "ADMIN").claim("ver", 0)
                .signWith(new SecretKeySpec(longSecret, "HmacSHA512"), Jwts.SIG.HS512).compact();

        assertThat(tokens.verify(hs512)).isEqualTo(new Invalid(Reason.WRONG_ALGORITHM));
    }

    @Test
    void anRsaSignedTokenIsRefusedWithoutTryingTheSecretAsAPublicKey() {
        KeyPair rsa = Jwts.SIG.RS256.keyPair().build();
        String rs256 = Jwts.builder().header().keyId("k1").and().issuer("reelport").subject("u").id("j")
                .issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(60)))
                .claim("role", "ADMIN").claim("ver", 0)
                .signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact();

        assertThat(tokens.verify(rs256)).isEqualTo(new Invalid(Reason.WRONG_ALGORITHM));
    }

    @Test
    void aTokenForAnotherIssuerIsRefused() {
        String token = Jwts.builder().header().keyId("k1").and().issuer("someone-else").subject("u").id("j")
                .issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(60)))
                .claim("role", "ADMIN").claim("ver", 0)
                .signWith(key(K1), Jwts.SIG.HS256).compact();

        assertThat(tokens.verify(token)).isEqualTo(new Invalid(Reason.WRONG_ISSUER));
    }

    @Test
    void aSignedTokenWithoutRoleOrVersionIsRefused() {
        String token = Jwts.builder().header().keyId("k1").and().issuer("reelport").subject("u").id("j")
                .issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(60)))
                .signWith(key(K1), Jwts.SIG.HS256).compact();

        assertThat(tokens.verify(token)).isEqualTo(new Invalid(Reason.MISSING_CLAIMS));
    }

    @Test
    void propertiesNeverPrintTheirSecrets() {
        assertThat(properties.toString()).doesNotContain(K1).doesNotContain(K2).contains("k1");
    }

    @Test
    void garbageIsMalformedAndNeverThrows() {
        for (String garbage : new String[] {null, "", " ", "abc", "a.b", "a.b.c", "..", "x".repeat(9000),
                b64("{}") + "." + b64("{}") + ".", "\u0000.\u0000.\u0000", "eyJ.eyJ.sig"}) {
            assertThat(tokens.verify(garbage)).isInstanceOf(Invalid.class);
        }
        assertThat(tokens.verify("a.b.c")).isEqualTo(new Invalid(Reason.MALFORMED));
    }

    private static SecretKeySpec key(String secret) {
        return new SecretKeySpec(Base64.getUrlDecoder().decode(secret), "HmacSHA256");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8);
    }
}
