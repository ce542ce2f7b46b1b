package io.reelport.bench.playback;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.reelport.common.keys.KeyRing;
import io.reelport.common.playback.PlaybackGrantRequest;
import io.reelport.common.playback.PlaybackTokenSigner;
import io.reelport.common.playback.PlaybackTokenVerifier;
import io.reelport.common.playback.Verification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one edge request pays to check its token, next to the irreducible HMAC cost and to an HS256
 * JWT checked with jjwt. Run with bench/token-bench.sh; figures are in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PlaybackTokenBenchmark {

    private static final String KID = "k2025a";
    private static final String SECRET = "ZtUtybDcQi660noSA7oMIxKcP9IZb3MnVHenIZzc1yM";
    private static final String PREFIX = "3f2b8c1e-5d4a-4e7b-9c6f-1a2b3c4d5e6f/8e7d6c5b-4a39-4281-b7f6-e5d4c3b2a190/";
    private static final String PATH = PREFIX + "hls/720p/seg_00001.m4s";
    private static final String CLIENT_IP = "2001:db8:85a3:8d3:1319:8a2e:370:7348";
    private static final byte[] DOMAIN = "reelport.playback.v1\n".getBytes(StandardCharsets.US_ASCII);

    private PlaybackTokenSigner signer;
    private PlaybackTokenVerifier verifier;
    private PlaybackGrantRequest request;
    private Instant now;
    private String token;
    private String boundToken;
    private String forgedToken;

    private Mac mac;
    private byte[] claims;

    private JwtParser jwtParser;
    private String jwt;

    @Setup
    public void setUp() throws GeneralSecurityException {
        String keys = KID + ":" + SECRET;
        signer = new PlaybackTokenSigner(KeyRing.forSigning("PLAYBACK_KEYS", keys, "PLAYBACK_ACTIVE_KID", KID));
        verifier = new PlaybackTokenVerifier(KeyRing.forVerifying("PLAYBACK_KEYS", keys, "PLAYBACK_ACTIVE_KID", null),
                Duration.ofSeconds(30));
        now = Instant.parse("2026-01-01T00:00:00Z");
        Instant expiresAt = now.plusSeconds(3600);
        request = new PlaybackGrantRequest(PREFIX, expiresAt);
        token = signer.sign(request);
        boundToken = signer.sign(new PlaybackGrantRequest(PREFIX, expiresAt, null, "2001:db8:85a3:8d3::/64"));
        int macStart = token.lastIndexOf('.') + 1;
        forgedToken = token.substring(0, macStart) + (token.charAt(macStart) == 'A' ? 'B' : 'A') + token.substring(macStart + 1);
        requireGranted(verifier.verify(token, PATH, null, now), "token");
        requireGranted(verifier.verify(boundToken, PATH, CLIENT_IP, now), "bound token");
        if (verifier.verify(forgedToken, PATH, null, now).isGranted()) {
            throw new IllegalStateException("forged token verified");
        }

        byte[] secret = Base64.getUrlDecoder().decode(SECRET);
        mac = Mac.getInstance("HmacSHA256");
        mac.init(KeyRing.forVerifying("PLAYBACK_KEYS", keys, "PLAYBACK_ACTIVE_KID", null).key(KID).orElseThrow());
        claims = Base64.getUrlDecoder().decode(token.substring(2, token.lastIndexOf('.')));

        SecretKey jwtKey = Keys.hmacShaKeyFor(secret);
        jwt = Jwts.builder()
                .header().keyId(KID).and()
                .claim("prefix", PREFIX)
                .expiration(Date.from(expiresAt))
                .signWith(jwtKey, Jwts.SIG.HS256)
                .compact();
        Date fixedNow = Date.from(now);
        jwtParser = Jwts.parser().verifyWith(jwtKey).clock(() -> fixedNow).clockSkewSeconds(30).build();
    }

    private static void requireGranted(Verification verification, String what) {
        if (!verification.isGranted()) {
            throw new IllegalStateException(what + " was refused: " + verification);
        }
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(token, PATH, CLIENT_IP, now);
    }

    /** With an IPv6 /64 binding: adds parsing the client's address. */
    @Benchmark
    public Verification verifyClientBound() {
        return verifier.verify(boundToken, PATH, CLIENT_IP, now);
    }

    /** A forged MAC: the reject path an attacker can drive. */
    @Benchmark
    public Verification verifyForged() {
        return verifier.verify(forgedToken, PATH, CLIENT_IP, now);
    }

    @Benchmark
    public String sign() {
        return signer.sign(request);
    }

    /** Baseline: only the HMAC over the same domain and claim bytes, with a ready Mac. */
    @Benchmark
    public byte[] macBaseline() {
        mac.update(DOMAIN);
        return mac.doFinal(claims);
    }

    /** Baseline: an HS256 JWT of similar content, parsed and checked by jjwt, then its prefix matched. */
    @Benchmark
    public boolean jjwtVerifyBaseline() {
        Claims payload = jwtParser.parseSignedClaims(jwt).getPayload();
        return PATH.startsWith(payload.get("prefix", String.class));
    }
}
