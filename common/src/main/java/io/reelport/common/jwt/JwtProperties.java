package io.reelport.common.jwt;

import io.reelport.common.keys.KeyRing;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access-token settings, bound from {@code JWT_KEYS} and {@code JWT_ACTIVE_KID} (see
 * {@link KeyRing} for the format). Parsing happens in the constructor so that a missing or weak
 * key stops startup with one line naming the variable.
 *
 * @param accessTokenTtl how long an access token lives; short, because revocation reaches access
 *                       tokens only through their version check or their expiry
 * @param clockSkew      tolerated difference between the issuer's and the verifier's clocks
 */
@ConfigurationProperties("reelport.jwt")
@Validated
public record JwtProperties(
        String keys,
        String activeKid,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("5s") Duration clockSkew,
        @NotBlank @DefaultValue("reelport") String issuer) {

    public static final String KEYS_VARIABLE = "JWT_KEYS";
    public static final String ACTIVE_KID_VARIABLE = "JWT_ACTIVE_KID";

    public JwtProperties {
        KeyRing.forSigning(KEYS_VARIABLE, keys, ACTIVE_KID_VARIABLE, activeKid);
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("reelport.jwt.access-token-ttl must be positive");
        }
    }

    public KeyRing keyRing() {
        return KeyRing.forSigning(KEYS_VARIABLE, keys, ACTIVE_KID_VARIABLE, activeKid);
    }

    @Override
    public String toString() {
        // The record's generated toString would print the secrets into any log that shows the bean.
        return "JwtProperties[keys=(hidden), activeKid=" + activeKid + ", accessTokenTtl=" + accessTokenTtl
                + ", clockSkew=" + clockSkew + ", issuer=" + issuer + "]";
    }
}
