package io.reelport.common.playback;

import io.reelport.common.keys.KeyRing;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The playback key ring, bound from {@code PLAYBACK_KEYS} and {@code PLAYBACK_ACTIVE_KID} through
 * each service's {@code application.yml}. Token lifetimes are the backend's business, not this
 * record's.
 *
 * @param keys      {@code kid:secret[,kid:secret...]}, see {@link KeyRing}
 * @param activeKid the kid that signs; blank on the edge, which only verifies
 * @param clockSkew how far the verifier lets a token outlive its {@code exp} (and precede its
 *                  {@code nbf}) to absorb clock drift between backend and edge; at most
 *                  {@link PlaybackTokenVerifier#MAX_CLOCK_SKEW}
 */
@ConfigurationProperties("reelport.playback")
@Validated
public record PlaybackKeyProperties(
        @Nullable String keys,
        @Nullable String activeKid,
        @NotNull @DefaultValue("30s") Duration clockSkew) {

    public static final String KEYS_VARIABLE = "PLAYBACK_KEYS";
    public static final String ACTIVE_KID_VARIABLE = "PLAYBACK_ACTIVE_KID";

    public PlaybackKeyProperties {
        // Parse now so that a missing or weak key stops startup with one line naming the variable,
        // rather than failing later when the first token is signed or checked.
        KeyRing.forVerifying(KEYS_VARIABLE, keys, ACTIVE_KID_VARIABLE, activeKid);
        if (clockSkew != null && (clockSkew.isNegative() || clockSkew.compareTo(PlaybackTokenVerifier.MAX_CLOCK_SKEW) > 0)) {
            throw new IllegalArgumentException("reelport.playback.clock-skew must be between 0s and "
                    + PlaybackTokenVerifier.MAX_CLOCK_SKEW.toSeconds() + "s, not " + clockSkew.toSeconds() + "s");
        }
    }

    /** For the backend; refuses a blank {@code PLAYBACK_ACTIVE_KID}. */
    public KeyRing signingRing() {
        return KeyRing.forSigning(KEYS_VARIABLE, keys, ACTIVE_KID_VARIABLE, activeKid);
    }

    /** For the edge. */
    public KeyRing verifyingRing() {
        return KeyRing.forVerifying(KEYS_VARIABLE, keys, ACTIVE_KID_VARIABLE, activeKid);
    }

    @Override
    public String toString() {
        // The record's generated toString would print the secrets into any log that shows the bean.
        return "PlaybackKeyProperties[keys=(hidden), activeKid=" + activeKid + ", clockSkew=" + clockSkew + "]";
    }
}
