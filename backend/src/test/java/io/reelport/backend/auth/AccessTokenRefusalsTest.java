package io.reelport.backend.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import io.reelport.backend.support.Accounts;
import io.reelport.backend.support.Api;
import io.reelport.backend.support.BackendHttpTest;
import io.reelport.common.keys.KeyRing;
import io.reelport.testsupport.ReelportTestProperties;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Forged, stale and malformed access tokens against the running backend: each is a 401
 * {@code invalid_token}, while an honest token made the same way passes (so the refusal is about the
 * flaw, not the test's token factory).
 */
class AccessTokenRefusalsTest extends BackendHttpTest {

    static final KeyRing RING = KeyRing.forSigning("JWT_KEYS", ReelportTestProperties.JWT_KEYS, "JWT_ACTIVE_KID",
            ReelportTestProperties.JWT_ACTIVE_KID);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    String userId;

    @BeforeEach
    void user() {
        Accounts.Session session = accounts.user("EDITOR");
        userId = session.userId().toString();
    }

    Map<String, Object> claims(Instant issuedAt, Instant expiresAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "reelport");
        claims.put("sub", userId);
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("role", "EDITOR");
        claims.put("ver", 0);
        return claims;
    }

    Map<String, Object> fresh() {
        return claims(Instant.now().minusSeconds(5), Instant.now().plusSeconds(600));
    }

    /** A JWS made by hand, so that the algorithm, header and key are whatever the test says. */
    static String sign(String alg, String kid, Map<String, Object> claims, byte[] secret, String macAlgorithm)
            throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        if (kid != null) {
            header.put("kid", kid);
        }
        String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + B64.encodeToString(JSON.writeValueAsBytes(claims));
        if (macAlgorithm == null) {
            return signingInput + ".";
        }
        Mac mac = Mac.getInstance(macAlgorithm);
        mac.init(new SecretKeySpec(secret, macAlgorithm));
        return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    static byte[] secretOf(String kid) {
        return RING.key(kid).orElseThrow().getEncoded();
    }

    void assertRefused(String token) {
        Api.Response response = api.get("/api/auth/me").bearer(token).send();
        assertProblem(response, 401, "invalid_token");
    }

    @Test
    void anHonestTokenFromTheTestFactoryIsAccepted() throws Exception {
        Api.Response response = api.get("/api/auth/me").bearer(sign("HS256", "test-jwt-1", fresh(),
                secretOf("test-jwt-1"), "HmacSHA256")).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void aTokenSignedWithTheInactiveKidIsStillAccepted() throws Exception {
        String second = RING.kids().stream().filter(kid -> !kid.equals(RING.activeKid())).findFirst().orElseThrow();
        Api.Response response = api.get("/api/auth/me").bearer(sign("HS256", second, fresh(), secretOf(second),
                "HmacSHA256")).send();
        assertThat(response.status()).as("rotation: tokens of the previous key keep working").isEqualTo(200);
    }

    @Test
    void expired() throws Exception {
        assertRefused(sign("HS256", "test-jwt-1", claims(Instant.now().minusSeconds(3600), Instant.now().minusSeconds(60)),
                secretOf("test-jwt-1"), "HmacSHA256"));
    }

    @Test
    void unknownKid() throws Exception {
        assertRefused(sign("HS256", "retired-kid", fresh(), secretOf("test-jwt-1"), "HmacSHA256"));
        assertRefused(sign("HS256", null, fresh(), secretOf("test-jwt-1"), "HmacSHA256"));
    }

    @Test
    void wrongSecretForTheKid() throws Exception {
        byte[] other = new byte[32];
        new java.security.SecureRandom().nextBytes(other);
        assertRefused(sign("HS256", "test-jwt-1", fresh(), other, "HmacSHA256"));
    }

    @Test
    void algNone() throws Exception {
        assertRefused(sign("none", "test-jwt-1", fresh(), null, null));
        assertRefused(sign("None", "test-jwt-1", fresh(), null, null));
    }

    @Test
    void algorithmSwitchToHs512WithTheRightSecret() throws Exception {
        assertRefused(sign("HS512", "test-jwt-1", fresh(), secretOf("test-jwt-1"), "HmacSHA512"));
    }

    @Test
    void rsaSignedToken() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String rs256 = Jwts.builder().header().keyId("test-jwt-1").and().issuer("reelport").subject(userId)
                .id(UUID.randomUUID().toString()).issuedAt(new Date()).expiration(Date.from(Instant.now().plusSeconds(600)))
                .claim("role", "ADMIN").claim("ver", 0).signWith(pair.getPrivate(), Jwts.SIG.RS256).compact();
        assertRefused(rs256);

        // HS/RS confusion: an HMAC over the token keyed with a public key, as if the server verified
        // RS256 tokens with that public key through an HMAC code path.
        assertRefused(sign("HS256", "test-jwt-1", fresh(), pair.getPublic().getEncoded(), "HmacSHA256"));
    }

    @Test
    void tamperedPayload() throws Exception {
        String honest = sign("HS256", "test-jwt-1", fresh(), secretOf("test-jwt-1"), "HmacSHA256");
        String[] parts = honest.split("\\.");
        Map<String, Object> elevated = fresh();
        elevated.put("role", "ADMIN");
        assertRefused(parts[0] + "." + B64.encodeToString(JSON.writeValueAsBytes(elevated)) + "." + parts[2]);
    }

    @Test
    void wrongIssuerAndMissingClaims() throws Exception {
        Map<String, Object> foreign = fresh();
        foreign.put("iss", "someone-else");
        assertRefused(sign("HS256", "test-jwt-1", foreign, secretOf("test-jwt-1"), "HmacSHA256"));

        Map<String, Object> noVersion = fresh();
        noVersion.remove("ver");
        assertRefused(sign("HS256", "test-jwt-1", noVersion, secretOf("test-jwt-1"), "HmacSHA256"));

        Map<String, Object> notAUser = fresh();
        notAUser.put("sub", "not-a-uuid");
        assertRefused(sign("HS256", "test-jwt-1", notAUser, secretOf("test-jwt-1"), "HmacSHA256"));
    }

    @Test
    void garbage() {
        assertRefused("");
        assertRefused("a.b.c");
        assertRefused("x".repeat(5000));
    }

}
