package io.reelport.common.playback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.reelport.common.keys.KeyRing;
import io.reelport.common.storage.StorageKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaybackTokenSignerTest {

    private static final String KEYS = "k1:ZtUtybDcQi660noSA7oMIxKcP9IZb3MnVHenIZzc1yM";
    private static final Instant EXP = Instant.parse("2026-03-01T12:10:00Z");
    private static final String PREFIX = "a1/v1/";

    private final PlaybackTokenSigner signer =
            new PlaybackTokenSigner(KeyRing.forSigning("PLAYBACK_KEYS", KEYS, "PLAYBACK_ACTIVE_KID", "k1"));

    private static String claimsOf(String token) {
        return new String(Base64.getUrlDecoder().decode(token.substring(2, token.lastIndexOf('.'))), StandardCharsets.UTF_8);
    }

    @Test
    void tokenIsOneUrlSafePathSegment() {
        String token = signer.sign(new PlaybackGrantRequest(PREFIX, EXP));

        assertThat(token).matches("1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void claimsAreTheFiveDocumentedFields() {
        String token = signer.sign(new PlaybackGrantRequest(PREFIX, EXP, EXP.minusSeconds(600), "2001:DB8:0:0::/32"));

        assertThat(claimsOf(token)).isEqualTo("k1\n1772367000\n1772366400\n2001:db8::/32\na1/v1/");
        assertThat(signer.kid()).isEqualTo("k1");
    }

    @Test
    void subSecondInstantsAreTruncatedToWholeSeconds() {
        String token = signer.sign(new PlaybackGrantRequest(PREFIX, EXP.plusMillis(999), EXP.minusMillis(500), null));

        assertThat(claimsOf(token)).isEqualTo("k1\n1772367000\n1772366999\n\na1/v1/");
    }

    @Test
    void grantsTheStoragePlaybackPrefix() {
        UUID asset = UUID.randomUUID();
        UUID version = UUID.randomUUID();
        String prefix = StorageKeys.playbackPrefix(asset, version);
        String token = signer.sign(new PlaybackGrantRequest(prefix, EXP));

        PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(
                KeyRing.forVerifying("PLAYBACK_KEYS", KEYS, "PLAYBACK_ACTIVE_KID", null), Duration.ZERO);
        assertThat(verifier.verify(token, prefix + "hls/master.m3u8", null, EXP).isGranted()).isTrue();
    }

    @Test
    void largestPossibleTokenStaysWithinTheVerifiersLimit() {
        String longestKid = "k".repeat(32);
        PlaybackTokenSigner longKidSigner = new PlaybackTokenSigner(KeyRing.forSigning("PLAYBACK_KEYS",
                longestKid + ":ZtUtybDcQi660noSA7oMIxKcP9IZb3MnVHenIZzc1yM", "PLAYBACK_ACTIVE_KID", longestKid));
        String longestPrefix = "p/".repeat(256);
        Instant latest = Instant.MAX;

        String token = longKidSigner.sign(new PlaybackGrantRequest(longestPrefix, latest, latest.minusSeconds(1),
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"));

        assertThat(token.length()).isLessThanOrEqualTo(1024);
        PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(KeyRing.forVerifying("PLAYBACK_KEYS",
                longestKid + ":ZtUtybDcQi660noSA7oMIxKcP9IZb3MnVHenIZzc1yM", "PLAYBACK_ACTIVE_KID", null), Duration.ZERO);
        assertThat(verifier.verify(token, longestPrefix, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", latest.minusSeconds(1))
                .isGranted()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/a1/v1/", "a1//v1/", "a1/../v1/", "a1/./", "a1/%2e/", "a1\\v1/", "a1/v1 /", "a1/v1/\u0000",
            "a1/v\u00e9/"})
    void refusesPrefixesNoRequestPathCouldMatch(String prefix) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> signer.sign(new PlaybackGrantRequest(prefix, EXP)))
                .withMessageContaining("could never match a request path");
    }

    @Test
    void refusesPrefixOverTheMaximumPathLength() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> signer.sign(new PlaybackGrantRequest("x".repeat(513), EXP)))
                .withMessageContaining("path_too_long");
    }

    @Test
    void refusesIncompleteOrContradictoryRequests() {
        assertThatIllegalArgumentException().isThrownBy(() -> signer.sign(null));
        assertThatIllegalArgumentException().isThrownBy(() -> signer.sign(new PlaybackGrantRequest(null, EXP)));
        assertThatIllegalArgumentException().isThrownBy(() -> signer.sign(new PlaybackGrantRequest(PREFIX, null)));
        assertThatIllegalArgumentException().isThrownBy(() -> signer.sign(new PlaybackGrantRequest(PREFIX, Instant.EPOCH)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> signer.sign(new PlaybackGrantRequest(PREFIX, EXP, EXP, null)))
                .withMessageContaining("is not after notBefore");
        assertThatIllegalArgumentException()
                .as("a window shorter than a second vanishes when truncated")
                .isThrownBy(() -> signer.sign(new PlaybackGrantRequest(PREFIX, EXP.plusMillis(900), EXP.plusMillis(100), null)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> signer.sign(new PlaybackGrantRequest(PREFIX, EXP, Instant.EPOCH.minusSeconds(1), null)));
    }

    @Test
    void refusesClientsThatAreNotAddressLiterals() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> signer.sign(new PlaybackGrantRequest(PREFIX, EXP, null, "viewer.example.com")))
                .withMessageContaining("is not an IP address or CIDR range");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> signer.sign(new PlaybackGrantRequest(PREFIX, EXP, null, "203.0.113.7/24")))
                .withMessageContaining("the range is 203.0.113.0/24");
    }

    @Test
    void refusesAKeyRingThatCanOnlyVerify() {
        KeyRing verifyOnly = KeyRing.forVerifying("PLAYBACK_KEYS", KEYS, "PLAYBACK_ACTIVE_KID", "");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new PlaybackTokenSigner(verifyOnly))
                .withMessageContaining("active kid");
    }
}
