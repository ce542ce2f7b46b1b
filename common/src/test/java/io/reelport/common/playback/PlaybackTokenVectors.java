package io.reelport.common.playback;

import io.reelport.common.keys.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The frozen playback-token test vectors in {@code playback/token-vectors.json}, shipped in
 * common's test-jar so that the backend (signing) and the edge (verifying over HTTP) check
 * themselves against the same bytes as common does.
 *
 * <p>The file was generated once with {@link PlaybackTokenSigner} and is never regenerated: a
 * change that makes a vector fail has changed the wire format.
 */
public final class PlaybackTokenVectors {

    public static final String RESOURCE = "/playback/token-vectors.json";
    /** {@link VerificationVector#expected()} for a request that must be granted; anything else is a rejection code. */
    public static final String GRANTED = "granted";

    private static final PlaybackTokenVectors LOADED = load();

    private final Document document;

    private PlaybackTokenVectors(Document document) {
        this.document = document;
    }

    public static PlaybackTokenVectors get() {
        return LOADED;
    }

    public record Key(String kid, String secret) {
    }

    /** Inputs to {@link PlaybackTokenSigner#sign} with the ring's active kid set to {@code kid}, and the exact output. */
    public record SigningVector(
            String name,
            String kid,
            String pathPrefix,
            Instant expiresAt,
            @Nullable Instant notBefore,
            @Nullable String client,
            String claims,
            String token) {

        public PlaybackGrantRequest request() {
            return new PlaybackGrantRequest(pathPrefix, expiresAt, notBefore, client);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One call of {@link PlaybackTokenVerifier#verify} and its expected outcome: {@link #GRANTED} or a rejection code. */
    public record VerificationVector(
            String name,
            String token,
            String path,
            @Nullable String clientIp,
            Instant now,
            String expected) {

        public boolean expectsGrant() {
            return GRANTED.equals(expected);
        }

        public Optional<PlaybackRejection> expectedRejection() {
            return Arrays.stream(PlaybackRejection.values()).filter(reason -> reason.code().equals(expected)).findFirst();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private record Document(
            String description,
            long clockSkewSeconds,
            List<Key> keys,
            List<SigningVector> signing,
            List<VerificationVector> verification) {
    }

    private static PlaybackTokenVectors load() {
        try (InputStream json = PlaybackTokenVectors.class.getResourceAsStream(RESOURCE)) {
            if (json == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath; depend on reelport-common's test-jar");
            }
            return new PlaybackTokenVectors(JsonMapper.builder().build().readValue(json, Document.class));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    public List<Key> keys() {
        return document.keys();
    }

    /** The keys as a {@code PLAYBACK_KEYS} value: {@code kid:secret,kid:secret}. */
    public String keysValue() {
        return document.keys().stream().map(key -> key.kid() + ":" + key.secret()).collect(Collectors.joining(","));
    }

    public Duration clockSkew() {
        return Duration.ofSeconds(document.clockSkewSeconds());
    }

    public KeyRing signingRing(String activeKid) {
        return KeyRing.forSigning(PlaybackKeyProperties.KEYS_VARIABLE, keysValue(), PlaybackKeyProperties.ACTIVE_KID_VARIABLE, activeKid);
    }

    public KeyRing verifyingRing() {
        return KeyRing.forVerifying(PlaybackKeyProperties.KEYS_VARIABLE, keysValue(), PlaybackKeyProperties.ACTIVE_KID_VARIABLE, null);
    }

    public List<SigningVector> signing() {
        return document.signing();
    }

    public List<VerificationVector> verification() {
        return document.verification();
    }
}
