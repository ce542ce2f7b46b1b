package io.reelport.common.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelport.common.playback.PlaybackTokenVectors.SigningVector;
import io.reelport.common.playback.PlaybackTokenVectors.VerificationVector;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlaybackTokenVectorsTest {

    private static final PlaybackTokenVectors VECTORS = PlaybackTokenVectors.get();

    static List<SigningVector> signingVectors() {
        return VECTORS.signing();
    }

    static List<VerificationVector> verificationVectors() {
        return VECTORS.verification();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingVectors")
    void signerReproducesTheFrozenTokenByteForByte(SigningVector vector) {
        PlaybackTokenSigner signer = new PlaybackTokenSigner(VECTORS.signingRing(vector.kid()));

        assertThat(signer.sign(vector.request())).isEqualTo(vector.token());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingVectors")
    void frozenTokenCarriesTheDocumentedClaims(SigningVector vector) {
        String claims = vector.token().substring(2, vector.token().lastIndexOf('.'));

        assertThat(new String(Base64.getUrlDecoder().decode(claims), StandardCharsets.UTF_8)).isEqualTo(vector.claims());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verificationVectors")
    void verifierGivesTheFrozenOutcome(VerificationVector vector) {
        PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(VECTORS.verifyingRing(), VECTORS.clockSkew());

        Verification result = verifier.verify(vector.token(), vector.path(), vector.clientIp(), vector.now());

        String outcome = result instanceof Verification.Rejected rejected ? rejected.reason().code() : PlaybackTokenVectors.GRANTED;
        assertThat(outcome).isEqualTo(vector.expected());
    }

    @Test
    void vectorsCoverEveryRejectionAndBothKids() {
        Set<PlaybackRejection> covered = VECTORS.verification().stream()
                .flatMap(vector -> vector.expectedRejection().stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(PlaybackRejection.class)));

        assertThat(covered).containsExactlyInAnyOrder(PlaybackRejection.values());
        assertThat(VECTORS.verification()).filteredOn(VerificationVector::expectsGrant).isNotEmpty();
        assertThat(VECTORS.verification()).allMatch(vector -> vector.expectsGrant() || vector.expectedRejection().isPresent());
        assertThat(VECTORS.signing()).extracting(SigningVector::kid).containsAll(
                VECTORS.keys().stream().map(PlaybackTokenVectors.Key::kid).toList());
    }
}
