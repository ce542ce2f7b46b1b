package io.reelport.common.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.reelport.common.keys.KeyRing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlaybackTokenVerifierTest {

    private static final String KID = "k1";
    private static final String OTHER_KID = "k2";
    private static final String SECRET = "ZtUtybDcQi660noSA7oMIxKcP9IZb3MnVHenIZzc1yM";
    private static final String OTHER_SECRET = "wn78NkPlHcnM85khpxWfFZ8CEekmxylLrHDEIFpFfrlkewNEYsQ7j9D6ttbqbDia";
    private static final String KEYS = KID + ":" + SECRET + "," + OTHER_KID + ":" + OTHER_SECRET;
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant EXP = NOW.plusSeconds(600);
    private static final String PREFIX = "a1/v1/";
    private static final String SEGMENT = PREFIX + "hls/720p/seg_00001.m4s";

    private final PlaybackTokenSigner signer = new PlaybackTokenSigner(ring(KID));
    private final PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(
            KeyRing.forVerifying("PLAYBACK_KEYS", KEYS, "PLAYBACK_ACTIVE_KID", null), SKEW);
    private final String directoryToken = signer.sign(new PlaybackGrantRequest(PREFIX, EXP));

    private static KeyRing ring(String activeKid) {
        return KeyRing.forSigning("PLAYBACK_KEYS", KEYS, "PLAYBACK_ACTIVE_KID", activeKid);
    }

    private Verification verify(String token, String path) {
        return verifier.verify(token, path, "192.0.2.1", NOW);
    }

    private static PlaybackRejection reasonOf(Verification verification) {
        assertThat(verification).isInstanceOf(Verification.Rejected.class);
        return ((Verification.Rejected) verification).reason();
    }

    private static PlaybackGrant grantOf(Verification verification) {
        assertThat(verification).isInstanceOf(Verification.Granted.class);
        return ((Verification.Granted) verification).grant();
    }

    /** Builds a token by hand from the documented format, independently of the signer. */
    private static String forge(String claims, String secret, String domain) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getUrlDecoder().decode(secret), "HmacSHA256"));
            mac.update(domain.getBytes(StandardCharsets.US_ASCII));
            byte[] signature = mac.doFinal(claims.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
            return "1." + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + encoder.encodeToString(signature);
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String forge(String claims) {
        return forge(claims, SECRET, "reelport.playback.v1\n");
    }

    @Nested
    class Granting {

        @Test
        void directoryGrantCoversEveryPathBeneathIt() {
            PlaybackGrant grant = grantOf(verify(directoryToken, SEGMENT));

            assertThat(grant.kid()).isEqualTo(KID);
            assertThat(grant.pathPrefix()).isEqualTo(PREFIX);
            assertThat(grant.expiresAt()).isEqualTo(EXP);
            assertThat(grant.notBefore()).isEmpty();
            assertThat(grant.client()).isEmpty();
            assertThat(verify(directoryToken, PREFIX + "poster.jpg").isGranted()).isTrue();
        }

        @Test
        void exactFileGrantCoversThatFileOnly() {
            String token = signer.sign(new PlaybackGrantRequest(PREFIX + "poster.jpg", EXP));

            assertThat(grantOf(verify(token, PREFIX + "poster.jpg")).pathPrefix()).isEqualTo(PREFIX + "poster.jpg");
            assertThat(reasonOf(verify(token, PREFIX + "poster.jpg.m3u8"))).isEqualTo(PlaybackRejection.PATH_OUTSIDE_GRANT);
            assertThat(reasonOf(verify(token, PREFIX + "poster.jpg/x"))).isEqualTo(PlaybackRejection.PATH_OUTSIDE_GRANT);
        }

        @Test
        void tokenSignedWithANonActiveKidStillVerifies() {
            String token = new PlaybackTokenSigner(ring(OTHER_KID)).sign(new PlaybackGrantRequest(PREFIX, EXP));

            assertThat(grantOf(verify(token, SEGMENT)).kid()).isEqualTo(OTHER_KID);
        }

        @Test
        void notBeforeIsReportedInTheGrant() {
            String token = signer.sign(new PlaybackGrantRequest(PREFIX, EXP, NOW.minusSeconds(5), null));

            assertThat(grantOf(verify(token, SEGMENT)).notBefore()).contains(NOW.minusSeconds(5));
        }

        @Test
        void ipv4BoundTokenGrantsClientsInItsRange() {
            String token = signer.sign(new PlaybackGrantRequest(PREFIX, EXP, null, "203.0.113.0/24"));

            PlaybackGrant grant = grantOf(verifier.verify(token, SEGMENT, "203.0.113.254", NOW));
            assertThat(grant.client()).map(IpRange::toString).contains("203.0.113.0/24");
            assertThat(verifier.verify(token, SEGMENT, "::ffff:203.0.113.1", NOW).isGranted()).isTrue();
        }

        @Test
        void ipv6BoundTokenGrantsClientsInItsRange() {
            String token = signer.sign(new PlaybackGrantRequest(PREFIX, EXP, null, "2001:db8::/32"));

            assertThat(verifier.verify(token, SEGMENT, "2001:db8:aaaa::1", NOW).isGranted()).isTrue();
            assertThat(verifier.verify(token, SEGMENT, "2001:0DB8:0000:0000:0000:0000:0000:0001", NOW).isGranted()).isTrue();
        }

        @Test
        void unboundTokenIgnoresTheClientAddress() {
            assertThat(verifier.verify(directoryToken, SEGMENT, null, NOW).isGranted()).isTrue();
            assertThat(verifier.verify(directoryToken, SEGMENT, "not an address", NOW).isGranted()).isTrue();
        }
    }

    @Nested
    class ClockSkewBoundaries {

        @Test
        void validUntilExactlyExpiryPlusSkew() {
            Instant lastValid = EXP.plus(SKEW);

            assertThat(verifier.verify(directoryToken, SEGMENT, null, lastValid).isGranted()).isTrue();
            assertThat(reasonOf(verifier.verify(directoryToken, SEGMENT, null, lastValid.plusNanos(1))))
                    .isEqualTo(PlaybackRejection.EXPIRED);
        }

        @Test
        void validFromExactlyNotBeforeMinusSkew() {
            Instant nbf = NOW.plusSeconds(120);
            String token = signer.sign(new PlaybackGrantRequest(PREFIX, EXP, nbf, null));
            Instant firstValid = nbf.minus(SKEW);

            assertThat(verifier.verify(token, SEGMENT, null, firstValid).isGranted()).isTrue();
            assertThat(reasonOf(verifier.verify(token, SEGMENT, null, firstValid.minusNanos(1))))
                    .isEqualTo(PlaybackRejection.NOT_YET_VALID);
        }

        @Test
        void zeroSkewMeansExpiryIsExact() {
            PlaybackTokenVerifier strict = new PlaybackTokenVerifier(ring(KID), Duration.ZERO);

            assertThat(strict.verify(directoryToken, SEGMENT, null, EXP).isGranted()).isTrue();
            assertThat(reasonOf(strict.verify(directoryToken, SEGMENT, null, EXP.plusNanos(1)))).isEqualTo(PlaybackRejection.EXPIRED);
        }

        @Test
        void skewWithFractionalSecondsIsHonouredToTheNanosecond() {
            PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(ring(KID), Duration.ofMillis(1500));

            assertThat(verifier.verify(directoryToken, SEGMENT, null, EXP.plusMillis(1500)).isGranted()).isTrue();
            assertThat(reasonOf(verifier.verify(directoryToken, SEGMENT, null, EXP.plusMillis(1500).plusNanos(1))))
                    .isEqualTo(PlaybackRejection.EXPIRED);
        }

        @Test
        void missingClockIsTreatedAsExpired() {
            assertThat(reasonOf(verifier.verify(directoryToken, SEGMENT, null, null))).isEqualTo(PlaybackRejection.EXPIRED);
        }

        @Test
        void skewOutsideZeroToFiveMinutesIsRefused() {
            assertThatIllegalArgumentException().isThrownBy(() -> new PlaybackTokenVerifier(ring(KID), Duration.ofSeconds(-1)));
            assertThatIllegalArgumentException().isThrownBy(() -> new PlaybackTokenVerifier(ring(KID), Duration.ofMinutes(5).plusNanos(1)));
            assertThatIllegalArgumentException().isThrownBy(() -> new PlaybackTokenVerifier(ring(KID), null));
        }
    }

    @Nested
    class PathRejections {

        static Stream<Arguments> hostilePaths() {
            return Stream.of(
                    Arguments.of(PlaybackRejection.PATH_EMPTY, ""),
                    Arguments.of(PlaybackRejection.PATH_EMPTY, null),
                    Arguments.of(PlaybackRejection.PATH_TOO_LONG, PREFIX + "x".repeat(513 - PREFIX.length())),
                    Arguments.of(PlaybackRejection.PATH_ENCODED, PREFIX + "%2e%2e/v2/x"),
                    Arguments.of(PlaybackRejection.PATH_ENCODED, "a1%2Fv1/x"),
                    Arguments.of(PlaybackRejection.PATH_ENCODED, PREFIX + "seg%20one.m4s"),
                    Arguments.of(PlaybackRejection.PATH_BACKSLASH, PREFIX + "..\\v2\\x"),
                    Arguments.of(PlaybackRejection.PATH_CONTROL_CHARACTER, PREFIX + "x\u0000.m3u8"),
                    Arguments.of(PlaybackRejection.PATH_CONTROL_CHARACTER, PREFIX + "x\u007f"),
                    Arguments.of(PlaybackRejection.PATH_CONTROL_CHARACTER, PREFIX + "x\r\nSet-Cookie"),
                    Arguments.of(PlaybackRejection.PATH_CONTROL_CHARACTER, PREFIX + "x\u0085"),
                    Arguments.of(PlaybackRejection.PATH_EMPTY_SEGMENT, "/" + SEGMENT),
                    Arguments.of(PlaybackRejection.PATH_EMPTY_SEGMENT, PREFIX + "hls//x"),
                    Arguments.of(PlaybackRejection.PATH_EMPTY_SEGMENT, "/"),
                    Arguments.of(PlaybackRejection.PATH_DOT_SEGMENT, PREFIX + "../v2/x"),
                    Arguments.of(PlaybackRejection.PATH_DOT_SEGMENT, PREFIX + "hls/.."),
                    Arguments.of(PlaybackRejection.PATH_DOT_SEGMENT, PREFIX + "./x"),
                    Arguments.of(PlaybackRejection.PATH_DOT_SEGMENT, "."),
                    Arguments.of(PlaybackRejection.PATH_INVALID_CHARACTER, PREFIX + "x y"),
                    Arguments.of(PlaybackRejection.PATH_INVALID_CHARACTER, PREFIX + "x?y=1"),
                    Arguments.of(PlaybackRejection.PATH_INVALID_CHARACTER, PREFIX + "x;jsessionid=1"),
                    Arguments.of(PlaybackRejection.PATH_INVALID_CHARACTER, PREFIX + "hls\u2215x"),
                    Arguments.of(PlaybackRejection.PATH_INVALID_CHARACTER, PREFIX + "\uff0e\uff0e/x"));
        }

        @ParameterizedTest(name = "{0}: {1}")
        @MethodSource("hostilePaths")
        void hostilePathIsRefusedEvenWithAValidToken(PlaybackRejection expected, String path) {
            Verification verification = verify(directoryToken, path);

            assertThat(reasonOf(verification)).isEqualTo(expected);
            assertThat(expected.kind()).isEqualTo(PlaybackRejection.Kind.PATH);
            assertThat(expected.kind().httpStatus()).isEqualTo(400);
        }

        @Test
        void pathIsCheckedBeforeTheToken() {
            assertThat(reasonOf(verify("not a token", PREFIX + "../x"))).isEqualTo(PlaybackRejection.PATH_DOT_SEGMENT);
        }

        @Test
        void namesThatMerelyContainDotsAreFine() {
            assertThat(verify(directoryToken, PREFIX + "...").isGranted()).isTrue();
            assertThat(verify(directoryToken, PREFIX + "..hidden/.x/a..b").isGranted()).isTrue();
            assertThat(verify(directoryToken, PREFIX + "A-Z_a~z.0-9").isGranted()).isTrue();
        }

        @Test
        void pathOfExactlyTheMaximumLengthIsAccepted() {
            assertThat(verify(directoryToken, PREFIX + "x".repeat(512 - PREFIX.length())).isGranted()).isTrue();
        }
    }

    @Nested
    class TokenRejections {

        private final String claims = KID + "\n" + EXP.getEpochSecond() + "\n\n\n" + PREFIX;

        @Test
        void forgedTokenFollowingTheDocumentedFormatVerifies() {
            // Anchors the other forgeries below: they fail for the one thing they change.
            assertThat(forge(claims)).isEqualTo(directoryToken);
            assertThat(verify(forge(claims), SEGMENT).isGranted()).isTrue();
        }

        @Test
        void malformedTokens() {
            String claimsPart = directoryToken.substring(2, directoryToken.lastIndexOf('.'));
            String mac = directoryToken.substring(directoryToken.lastIndexOf('.') + 1);

            assertThat(Stream.of(
                    null,
                    "",
                    "1",
                    "1.",
                    "1..",
                    "1." + claimsPart,
                    "1." + claimsPart + ".",
                    "1." + claimsPart + "." + mac + "=",
                    "1." + claimsPart + "." + mac.substring(1),
                    "1." + claimsPart + "." + mac + "A",
                    "1." + claimsPart + "=." + mac,
                    "1." + claimsPart + ".x." + mac,
                    "1.." + mac,
                    "1." + claimsPart.replace('_', '/').replace('-', '+') + "." + mac + "+",
                    "1.AAAA." + "A".repeat(43),
                    ".1." + claimsPart + "." + mac,
                    "01." + claimsPart + "." + mac,
                    "x." + claimsPart + "." + mac,
                    "1234567890." + claimsPart + "." + mac,
                    "1." + "A".repeat(1022 - 44) + "." + mac + "A"))
                    .allSatisfy(token -> assertThat(reasonOf(verify(token, SEGMENT)))
                            .as("token %s", token)
                            .isEqualTo(PlaybackRejection.MALFORMED_TOKEN));
        }

        @Test
        void nonCanonicalBase64ThatDecodesToTheSameBytesIsMalformed() {
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            char last = directoryToken.charAt(directoryToken.length() - 1);
            // 32 MAC bytes take 43 characters; the last one carries 2 unused bits.
            String sameBytes = directoryToken.substring(0, directoryToken.length() - 1)
                    + alphabet.charAt(alphabet.indexOf(last) | 1);
            assertThat(Base64.getUrlDecoder().decode(sameBytes.substring(sameBytes.lastIndexOf('.') + 1)))
                    .isEqualTo(Base64.getUrlDecoder().decode(directoryToken.substring(directoryToken.lastIndexOf('.') + 1)));

            assertThat(reasonOf(verify(sameBytes, SEGMENT))).isEqualTo(PlaybackRejection.MALFORMED_TOKEN);
        }

        @Test
        void validlySignedClaimsThatDoNotParseAreMalformed() {
            assertThat(Stream.of(
                    KID + "\n" + EXP.getEpochSecond() + "\n\n" + PREFIX,
                    KID + "\n" + EXP.getEpochSecond() + "\n\n\n" + PREFIX + "\nextra",
                    KID + "\n0" + EXP.getEpochSecond() + "\n\n\n" + PREFIX,
                    KID + "\n+" + EXP.getEpochSecond() + "\n\n\n" + PREFIX,
                    KID + "\n\n\n\n" + PREFIX,
                    KID + "\n" + EXP.getEpochSecond() + "\nsoon\n\n" + PREFIX,
                    KID + "\n9999999999999999999\n\n\n" + PREFIX,
                    KID + "\n" + (Instant.MAX.getEpochSecond() + 1) + "\n\n\n" + PREFIX,
                    KID + "\n" + EXP.getEpochSecond() + "\n" + (Instant.MAX.getEpochSecond() + 1) + "\n\n" + PREFIX,
                    KID + "\n" + EXP.getEpochSecond() + "\n\n203.0.113.7/24\n" + PREFIX,
                    KID + "\n" + EXP.getEpochSecond() + "\n\nexample.com\n" + PREFIX))
                    .allSatisfy(claims -> assertThat(reasonOf(verify(forge(claims), SEGMENT)))
                            .as("claims %s", claims)
                            .isEqualTo(PlaybackRejection.MALFORMED_TOKEN));
        }

        @Test
        void latestRepresentableExpiryIsGranted() {
            String claims = KID + "\n" + Instant.MAX.getEpochSecond() + "\n\n\n" + PREFIX;

            assertThat(grantOf(verify(forge(claims), SEGMENT)).expiresAt()).isEqualTo(Instant.MAX.minusNanos(999_999_999));
        }

        @Test
        void unsupportedVersion() {
            String rest = directoryToken.substring(1);

            assertThat(reasonOf(verify("2" + rest, SEGMENT))).isEqualTo(PlaybackRejection.UNSUPPORTED_VERSION);
            assertThat(reasonOf(verify("0" + rest, SEGMENT))).isEqualTo(PlaybackRejection.UNSUPPORTED_VERSION);
            assertThat(reasonOf(verify("123456789" + rest, SEGMENT))).isEqualTo(PlaybackRejection.UNSUPPORTED_VERSION);
            assertThat(reasonOf(verify("2.anything-at-all", SEGMENT))).isEqualTo(PlaybackRejection.UNSUPPORTED_VERSION);
        }

        @Test
        void unknownKey() {
            String outsider = "k9:9Z6_r7g2us0CddhUewv2JD6X5mrsxUP1lWtIK9JXmMU";
            String token = new PlaybackTokenSigner(KeyRing.forSigning("PLAYBACK_KEYS", outsider, "PLAYBACK_ACTIVE_KID", "k9"))
                    .sign(new PlaybackGrantRequest(PREFIX, EXP));

            assertThat(reasonOf(verify(token, SEGMENT))).isEqualTo(PlaybackRejection.UNKNOWN_KEY);
            assertThat(reasonOf(verify(forge("\n" + EXP.getEpochSecond() + "\n\n\n" + PREFIX), SEGMENT)))
                    .isEqualTo(PlaybackRejection.UNKNOWN_KEY);
            assertThat(reasonOf(verify(forge("k1 \n" + EXP.getEpochSecond() + "\n\n\n" + PREFIX), SEGMENT)))
                    .isEqualTo(PlaybackRejection.UNKNOWN_KEY);
        }

        @Test
        void badSignature() {
            String longerLife = claims.replace(Long.toString(EXP.getEpochSecond()), Long.toString(EXP.getEpochSecond() + 86_400));
            String tamperedClaims = forge(longerLife).substring(0, forge(longerLife).lastIndexOf('.'))
                    + directoryToken.substring(directoryToken.lastIndexOf('.'));

            assertThat(reasonOf(verify(tamperedClaims, SEGMENT))).isEqualTo(PlaybackRejection.BAD_SIGNATURE);
            assertThat(reasonOf(verify(forge(claims, OTHER_SECRET, "reelport.playback.v1\n"), SEGMENT)))
                    .as("signed with another kid's secret")
                    .isEqualTo(PlaybackRejection.BAD_SIGNATURE);
            assertThat(reasonOf(verify(forge(claims, SECRET, ""), SEGMENT)))
                    .as("MAC without the domain prefix")
                    .isEqualTo(PlaybackRejection.BAD_SIGNATURE);
            assertThat(reasonOf(verify(forge(claims, SECRET, "reelport.playback.v2\n"), SEGMENT)))
                    .as("MAC for another domain")
                    .isEqualTo(PlaybackRejection.BAD_SIGNATURE);
        }

        @Test
        void expired() {
            String token = signer.sign(new PlaybackGrantRequest(PREFIX, NOW.minusSeconds(31)));

            assertThat(reasonOf(verify(token, SEGMENT))).isEqualTo(PlaybackRejection.EXPIRED);
        }

        @Test
        void notYetValid() {
            String token = signer.sign(new PlaybackGrantRequest(PREFIX, EXP, NOW.plusSeconds(31), null));

            assertThat(reasonOf(verify(token, SEGMENT))).isEqualTo(PlaybackRejection.NOT_YET_VALID);
        }

        @Test
        void clientMismatch() {
            String token = signer.sign(new PlaybackGrantRequest(PREFIX, EXP, null, "203.0.113.0/24"));

            assertThat(Stream.of("203.0.114.0", "203.0.112.255", "2001:db8::1", "::203.0.113.1", null, "", "localhost",
                    "203.0.113.1:443", "[203.0.113.1]", "203.0.113.01", " 203.0.113.1", "fe80::1%eth0"))
                    .allSatisfy(clientIp -> assertThat(reasonOf(verifier.verify(token, SEGMENT, clientIp, NOW)))
                            .as("client %s", clientIp)
                            .isEqualTo(PlaybackRejection.CLIENT_MISMATCH));
        }

        @Test
        void pathOutsideGrant() {
            assertThat(Stream.of("a1/v2/hls/master.m3u8", "a1/v1", "a1/v10/x", "a2/v1/x", "A1/v1/x"))
                    .allSatisfy(path -> assertThat(reasonOf(verify(directoryToken, path)))
                            .as("path %s", path)
                            .isEqualTo(PlaybackRejection.PATH_OUTSIDE_GRANT));
        }

        @Test
        void tokenReasonsAnswer403() {
            assertThat(Stream.of(PlaybackRejection.values()).filter(reason -> reason.kind() == PlaybackRejection.Kind.TOKEN))
                    .extracting(reason -> reason.kind().httpStatus())
                    .containsOnly(403)
                    .hasSize(8);
        }
    }

    @Test
    void rejectionsAreSharedInstances() {
        Verification first = verify("garbage", SEGMENT);
        Verification second = verify("more garbage", SEGMENT);

        assertThat(first).isSameAs(second);
        assertThat(verify(directoryToken, "../x")).isSameAs(verify(directoryToken, "../y"));
    }

    @Test
    void everyRejectionHasADistinctStableCode() {
        assertThat(Stream.of(PlaybackRejection.values()).map(PlaybackRejection::code))
                .doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z_]+"));
    }
}
